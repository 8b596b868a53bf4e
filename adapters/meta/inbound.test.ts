import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMetaWebhook, type MetaInboundMessage } from './inbound';

const raw = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

function items(channel: 'messenger' | 'instagram', body: Buffer | string): MetaInboundMessage[] {
  const result = parseMetaWebhook(channel, body);
  if (!result.ok) throw new Error(result.error.message);
  return result.items;
}

const messenger = {
  kind: 'message',
  channel: 'messenger',
  accountId: '104857600000001',
  senderId: '6543210987654321',
} as const;

describe('parseMetaWebhook: fixtures', () => {
  it('messenger text', () => {
    expect(items('messenger', raw('messenger-text.json'))).toStrictEqual([
      {
        ...messenger,
        messageId: 'm_FAKEmidAbCdEfGh1234567890messenger',
        timestamp: 1767254399876,
        content: { type: 'text', text: 'Hello, are you open today?' },
      },
    ]);
  });

  it('messenger quick reply: the payload is the id, the text the title', () => {
    expect(items('messenger', raw('messenger-quick-reply.json'))).toStrictEqual([
      {
        ...messenger,
        messageId: 'm_FAKEmidQuickReply000000000001',
        timestamp: 1767254459876,
        content: {
          type: 'reply',
          source: 'quick_reply',
          id: 'PAY_MPESA',
          title: 'Pay with M-Pesa',
        },
      },
    ]);
  });

  it('messenger postback', () => {
    expect(items('messenger', raw('messenger-postback.json'))).toStrictEqual([
      {
        ...messenger,
        messageId: 'm_FAKEmidPostback00000000000001',
        timestamp: 1767254519876,
        content: { type: 'reply', source: 'postback', id: 'GET_STARTED', title: 'Get Started' },
      },
    ]);
  });

  it('instagram text, with the IGSID kept as-is', () => {
    expect(items('instagram', raw('instagram-text.json'))).toStrictEqual([
      {
        kind: 'message',
        channel: 'instagram',
        accountId: '17841400000000001',
        senderId: '1234567890123456',
        messageId: 'aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOkZBS0VGSVhUVVJFMDAwMQZDZD',
        timestamp: 1767254399876,
        content: { type: 'text', text: 'Hi! Do you deliver to Mombasa?' },
      },
    ]);
  });

  it('instagram and messenger voice notes: an audio attachment with its CDN URL', () => {
    expect(items('instagram', raw('instagram-audio.json'))[0]?.content).toStrictEqual({
      type: 'attachments',
      attachments: [
        {
          type: 'audio',
          url: 'https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=18000000000000001&signature=FAKEsignature',
        },
      ],
    });
    const [fb] = items('messenger', raw('messenger-audio.json'));
    expect(fb).toMatchObject({ ...messenger, messageId: 'm_FAKEmidAudio1234567890messenger' });
    expect(fb?.content).toMatchObject({ type: 'attachments', attachments: [{ type: 'audio' }] });
  });
});

type Envelope = { object: string; entry: { id: string; time: number; messaging: unknown[] }[] };
const envelope = (name: string) => JSON.parse(raw(name).toString('utf8')) as Envelope;

describe('parseMetaWebhook: other events', () => {
  const base = envelope('messenger-text.json');
  const event = base.entry[0]!.messaging[0] as Record<string, unknown>;
  const withEvents = (...events: unknown[]) =>
    JSON.stringify({ ...base, entry: [{ ...base.entry[0], messaging: events }] });

  it('skips echoes, deliveries and reads, keeps customer messages in order', () => {
    const echo = { ...event, message: { mid: 'm_echo', text: 'our reply', is_echo: true } };
    const delivery = { ...event, message: undefined, delivery: { mids: ['m_1'], watermark: 1 } };
    const read = { ...event, message: undefined, read: { watermark: 1 } };
    const second = { ...event, message: { mid: 'm_2', text: 'second' } };
    const out = items('messenger', withEvents(event, echo, delivery, read, second));
    expect(out.map((i) => i.messageId)).toEqual(['m_FAKEmidAbCdEfGh1234567890messenger', 'm_2']);
  });

  it('reports attachments with their URLs', () => {
    const audio = {
      ...event,
      message: {
        mid: 'm_audio',
        attachments: [{ type: 'audio', payload: { url: 'https://cdn.example/a.mp4' } }],
      },
    };
    const [item] = items('messenger', withEvents(audio));
    expect(item?.content).toStrictEqual({
      type: 'attachments',
      attachments: [{ type: 'audio', url: 'https://cdn.example/a.mp4' }],
    });
  });

  it('gives a postback without mid a stable id', () => {
    const tap = { ...event, message: undefined, postback: { title: 'Book', payload: 'BOOK' } };
    const [a] = items('messenger', withEvents(tap));
    const [b] = items('messenger', withEvents(tap));
    expect(a?.messageId).toBe('postback:6543210987654321:1767254399876');
    expect(b?.messageId).toBe(a?.messageId);
  });

  it('refuses the other channel, bad JSON and a malformed event', () => {
    expect(parseMetaWebhook('instagram', raw('messenger-text.json'))).toMatchObject({
      ok: false,
      error: { reason: 'invalid_payload', issues: [{ path: 'object' }] },
    });
    expect(parseMetaWebhook('messenger', '{')).toMatchObject({
      ok: false,
      error: { reason: 'invalid_json' },
    });
    const bad = { ...event, timestamp: '1767254399876' };
    const result = parseMetaWebhook('messenger', withEvents(bad));
    expect(result).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'entry.0.messaging.0.timestamp' }] },
    });
  });

  it('accepts entries without messaging (comments, standby)', () => {
    const body = JSON.stringify({
      object: 'instagram',
      entry: [{ id: '1', time: 1, changes: [] }],
    });
    expect(items('instagram', body)).toEqual([]);
  });
});
