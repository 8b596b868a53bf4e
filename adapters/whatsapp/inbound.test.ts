import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseWhatsAppWebhook, type WhatsAppInboundItem } from './inbound';

const raw = (name: string): Buffer => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const json = (name: string): Record<string, unknown> =>
  JSON.parse(raw(name).toString('utf8')) as Record<string, unknown>;

const PHONE_NUMBER_ID = '100200300400500';
const customer = {
  kind: 'message',
  phoneNumberId: PHONE_NUMBER_ID,
  from: '+254712000001',
  contactName: 'Wanjiru Kamau',
} as const;

function items(body: Buffer | string): WhatsAppInboundItem[] {
  const result = parseWhatsAppWebhook(body);
  if (!result.ok) throw new Error(result.error.message);
  return result.items;
}

describe('parseWhatsAppWebhook: fixtures', () => {
  it.each<[string, WhatsAppInboundItem]>([
    [
      'text-message.json',
      {
        ...customer,
        messageId: 'wamid.RkFLRTI1NDcxMjAwMDAwMVRFWFQwMDAx',
        timestamp: 1767254400000,
        content: { type: 'text', text: 'Habari, naomba bei ya mbolea?' },
      },
    ],
    [
      'button-reply.json',
      {
        ...customer,
        messageId: 'wamid.RkFLRTI1NDcxMjAwMDAwMUJUTlJFUExZMQ==',
        timestamp: 1767254460000,
        replyToMessageId: 'wamid.RkFLRTI1NDcxMjAwMDAwMU9VVEJUTjAx',
        content: { type: 'reply', source: 'button', id: 'pay-mpesa', title: 'Pay with M-Pesa' },
      },
    ],
    [
      'list-reply.json',
      {
        ...customer,
        messageId: 'wamid.RkFLRTI1NDcxMjAwMDAwMUxJU1RSRVBMMQ==',
        timestamp: 1767254520000,
        replyToMessageId: 'wamid.RkFLRTI1NDcxMjAwMDAwMU9VVExJU1Qx',
        content: {
          type: 'reply',
          source: 'list',
          id: 'deliver-nairobi-cbd',
          title: 'Nairobi CBD',
          description: 'Same day, KES 200',
        },
      },
    ],
    [
      'voice-note.json',
      {
        ...customer,
        messageId: 'wamid.RkFLRTI1NDcxMjAwMDAwMVZPSUNFMDAwMQ==',
        timestamp: 1767254580000,
        content: {
          type: 'audio',
          mediaId: '1398765432109876',
          mimeType: 'audio/ogg; codecs=opus',
          voice: true,
          sha256: '4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b',
        },
      },
    ],
    [
      'image-message.json',
      {
        ...customer,
        messageId: 'wamid.RkFLRTI1NDcxMjAwMDAwMUlNQUdFMDAwMQ==',
        timestamp: 1767254640000,
        content: {
          type: 'image',
          mediaId: '1398765432100001',
          mimeType: 'image/jpeg',
          caption: 'Receipt ya jana',
          sha256: '9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a',
        },
      },
    ],
    [
      'location-message.json',
      {
        ...customer,
        messageId: 'wamid.RkFLRTI1NDcxMjAwMDAwMUxPQ0FUMDAwMQ==',
        timestamp: 1767254700000,
        content: {
          type: 'location',
          latitude: -1.2841,
          longitude: 36.8233,
          name: 'Kencom Bus Stop',
          address: 'Moi Avenue, Nairobi',
          url: 'https://example.invalid/place/kencom',
        },
      },
    ],
  ])('%s -> one message', (name, expected) => {
    expect(items(raw(name))).toStrictEqual([expected]);
  });

  const status = (
    messageId: string,
    value: string,
    timestamp: number,
    errors: unknown[] = [],
    recipient = '+254712000001',
  ) => ({
    kind: 'status',
    phoneNumberId: PHONE_NUMBER_ID,
    messageId,
    status: value,
    recipient,
    timestamp,
    errors,
  });

  it.each([
    ['status-sent.json', status('wamid.RkFLRTI1NDcxMjAwMDAwMU9VVFRYVDAx', 'sent', 1767254760000)],
    [
      'status-delivered.json',
      status('wamid.RkFLRTI1NDcxMjAwMDAwMU9VVFRYVDAx', 'delivered', 1767254762000),
    ],
    ['status-read.json', status('wamid.RkFLRTI1NDcxMjAwMDAwMU9VVFRYVDAx', 'read', 1767254790000)],
    [
      'status-failed.json',
      status('wamid.RkFLRTI1NDcxMjAwMDAwMU9VVFRYVDAy', 'failed', 1767341200000, [
        {
          code: 131047,
          title: 'Re-engagement message',
          message: 'Re-engagement message',
          details:
            'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
        },
      ]),
    ],
    [
      'status-failed-131026.json',
      status(
        'wamid.RkFLRTI1NDcxMjAwMDAwMU9VVFRYVDAz',
        'failed',
        1767341260000,
        [
          {
            code: 131026,
            title: 'Message undeliverable',
            message: 'Message undeliverable',
            details: 'Message Undeliverable.',
          },
        ],
        '+254700000999',
      ),
    ],
  ])('%s -> one status', (name, expected) => {
    expect(items(raw(name))).toStrictEqual([expected]);
  });

  it('webhook-errors-130429.json -> one account error', () => {
    expect(items(raw('webhook-errors-130429.json'))).toStrictEqual([
      {
        kind: 'error',
        phoneNumberId: PHONE_NUMBER_ID,
        errors: [
          {
            code: 130429,
            title: 'Rate limit hit',
            message: 'Rate limit hit',
            details:
              'Message failed to send because there were too many messages sent from this phone number in a short period of time',
          },
        ],
      },
    ]);
  });
});

/** A webhook with the given changes in one entry, and a second entry. */
function batch(...values: Record<string, unknown>[]): string {
  const change = (value: Record<string, unknown>) => ({ field: 'messages', value });
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: values.map((value, i) => ({ id: `entry-${i}`, changes: [change(value)] })),
  });
}

const valueOf = (name: string): Record<string, unknown> => {
  const entry = (json(name).entry as { changes: { value: Record<string, unknown> }[] }[])[0];
  return entry!.changes[0]!.value;
};

describe('parseWhatsAppWebhook: batches and edge cases', () => {
  it('returns every message and status of a batch, in order', () => {
    const text = valueOf('text-message.json');
    const voice = valueOf('voice-note.json');
    const twoMessages = {
      ...text,
      messages: [...(text.messages as []), ...(voice.messages as [])],
    };
    const statuses = valueOf('status-delivered.json');
    const read = valueOf('status-read.json');
    const twoStatuses = {
      ...statuses,
      statuses: [...(statuses.statuses as []), ...(read.statuses as [])],
    };
    const out = items(batch(twoMessages, twoStatuses));
    expect(out.map((i) => [i.kind, i.kind === 'error' ? '' : i.messageId])).toEqual([
      ['message', 'wamid.RkFLRTI1NDcxMjAwMDAwMVRFWFQwMDAx'],
      ['message', 'wamid.RkFLRTI1NDcxMjAwMDAwMVZPSUNFMDAwMQ=='],
      ['status', 'wamid.RkFLRTI1NDcxMjAwMDAwMU9VVFRYVDAx'],
      ['status', 'wamid.RkFLRTI1NDcxMjAwMDAwMU9VVFRYVDAx'],
    ]);
  });

  it('turns message types it does not model into unsupported content', () => {
    const value = valueOf('text-message.json');
    const [message] = value.messages as Record<string, unknown>[];
    const sticker = { ...message, text: undefined, type: 'sticker', sticker: { id: '1' } };
    const unknown = {
      ...message,
      text: undefined,
      type: 'unsupported',
      errors: [{ code: 131051, title: 'Message type unknown' }],
    };
    const out = items(batch({ ...value, messages: [sticker, unknown] }));
    expect(out.map((i) => (i.kind === 'message' ? i.content : undefined))).toStrictEqual([
      { type: 'unsupported', originalType: 'sticker', errors: [] },
      {
        type: 'unsupported',
        originalType: 'unsupported',
        errors: [{ code: 131051, title: 'Message type unknown' }],
      },
    ]);
  });

  it('reads a template quick-reply button tap as a reply with its payload', () => {
    const value = valueOf('text-message.json');
    const [message] = value.messages as Record<string, unknown>[];
    const tap = { ...message, type: 'button', button: { payload: 'CONFIRM', text: 'Confirm' } };
    const [item] = items(batch({ ...value, messages: [tap] }));
    expect(item).toMatchObject({
      content: { type: 'reply', source: 'template_button', id: 'CONFIRM', title: 'Confirm' },
    });
  });

  it('accepts the "played" status of voice messages', () => {
    const value = valueOf('status-read.json');
    const [s] = value.statuses as Record<string, unknown>[];
    const [item] = items(batch({ ...value, statuses: [{ ...s, status: 'played' }] }));
    expect(item).toMatchObject({ kind: 'status', status: 'played' });
  });

  it('skips changes of other subscription fields', () => {
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'account_update', value: { event: 'X' } }] }],
    });
    expect(items(body)).toEqual([]);
  });

  it('gives an error value for a body that is not JSON', () => {
    const result = parseWhatsAppWebhook('{"object": "whatsapp_business_acc');
    expect(result).toMatchObject({ ok: false, error: { reason: 'invalid_json' } });
  });

  it('names the offending field of a malformed message', () => {
    const value = valueOf('text-message.json');
    const [message] = value.messages as Record<string, unknown>[];
    const result = parseWhatsAppWebhook(batch({ ...value, messages: [{ ...message, text: {} }] }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.reason).toBe('invalid_payload');
    expect(result.error.issues[0]?.path).toBe('entry.0.changes.0.value.messages.0.text.body');
    expect(result.error.message).toContain('messages.0.text.body');
  });

  it('refuses a Messenger payload and a status it does not know', () => {
    expect(parseWhatsAppWebhook(JSON.stringify({ object: 'page', entry: [] })).ok).toBe(false);
    const value = valueOf('status-read.json');
    const [s] = value.statuses as Record<string, unknown>[];
    const result = parseWhatsAppWebhook(batch({ ...value, statuses: [{ ...s, status: 'seen' }] }));
    expect(result).toMatchObject({ ok: false, error: { reason: 'invalid_payload' } });
  });
});
