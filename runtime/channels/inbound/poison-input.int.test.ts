/**
 * Poison input at the webhook edge. Regressions (issue 17): a text of 4,095 characters + an emoji
 * was cut in the middle of the surrogate pair, Postgres jsonb refused the lone half and the
 * webhook answered 503 for ever (Meta gave up: the message was lost), taking the other customers'
 * messages of the same group insert down with it; a NUL in text, titles, ids or locations did the
 * same, and a NUL in `phone_number_id`, a Messenger sender or a media id gave a bare 500.
 */
import { describe, expect, it } from 'vitest';
import {
  FB_PAGE,
  metaAudio,
  metaText,
  PHONE_NUMBER_ID,
  useChannelEnv,
  waText,
  waVoiceNote,
} from '../../../test-support/channel-test-kit';

const EMOJI = '\u{1F600}';
const env = useChannelEnv();

async function storedEvent(eventId: string) {
  const { rows } = await env.t.db.query<{ event: Record<string, unknown>; status: string }>(
    `SELECT event, status FROM t_demo.inbox WHERE event_id = $1`,
    [eventId],
  );
  return rows[0];
}

/** A WhatsApp webhook of one message of `type` with `fields`, from `from`. */
function waMessage(id: string, from: string, type: string, fields: Record<string, unknown>) {
  const doc = JSON.parse(waText(id, from, 'x')) as {
    entry: { changes: { value: { messages: Record<string, unknown>[] } }[] }[];
  };
  const m = doc.entry[0]!.changes[0]!.value.messages[0]!;
  delete m.text;
  Object.assign(m, { type, ...fields });
  return JSON.stringify(doc);
}

describe('poison input at the webhook edge', () => {
  it('keeps an emoji whole at the 4,096-character limit', async () => {
    const text = 'a'.repeat(4095) + EMOJI + 'more';
    const res = await env.post('/webhooks/whatsapp', waText('wamid.LONG1', '254712000101', text));
    expect(res.status).toBe(200);
    const stored = await storedEvent('wa:wamid.LONG1');
    expect(stored?.event.text).toBe('a'.repeat(4095) + EMOJI);
  });

  it('strips NUL and lone surrogates from texts, titles, ids and locations', async () => {
    const bodies = [
      waText('wamid.NUL1\u0000', '254712000102', 'book\u0000 a cut \ud83d'),
      waMessage('wamid.NUL2', '254712000102', 'interactive', {
        interactive: {
          type: 'button_reply',
          button_reply: { id: 'svc\u0000:1', title: 'Haircut\u0000\udc00' },
        },
      }),
      waMessage('wamid.NUL3', '254712000102', 'location', {
        location: {
          latitude: -1.28,
          longitude: 36.82,
          name: 'Ken\u0000com',
          address: 'Moi\ud800 Ave',
        },
      }),
    ];
    for (const body of bodies)
      expect((await env.post('/webhooks/whatsapp', body)).status).toBe(200);
    expect((await storedEvent('wa:wamid.NUL1'))?.event.text).toBe('book a cut ');
    const reply = await storedEvent('wa:wamid.NUL2');
    expect(reply?.event).toMatchObject({ text: 'Haircut', replyId: 'svc:1' });
    expect((await storedEvent('wa:wamid.NUL3'))?.event.text).toBe('Kencom, Moi Ave');
  });

  it('routes a phone_number_id, a Messenger sender and a media id carrying a NUL', async () => {
    const wa = waText('wamid.PNID1', '254712000103', 'hello').replace(
      `"${PHONE_NUMBER_ID}"`,
      `"${PHONE_NUMBER_ID}\\u0000"`,
    );
    expect((await env.post('/webhooks/whatsapp', wa)).status).toBe(200);
    expect((await storedEvent('wa:wamid.PNID1'))?.event.text).toBe('hello');

    const fb = metaText('messenger', 'm_NUL1', '65432\u000010987', 'habari\u0000');
    expect((await env.post('/webhooks/messenger', fb)).status).toBe(200);
    expect((await storedEvent('fb:m_NUL1'))?.event.text).toBe('habari');
    const identity = await env.t.db.query(
      `SELECT 1 FROM t_demo.customer_identities WHERE channel = 'messenger' AND external_id = $1`,
      [`${FB_PAGE}:6543210987`],
    );
    expect(identity.rowCount).toBe(1);

    const voice = waVoiceNote('wamid.MEDIA1', '254712000103', 'media\u0000id');
    expect((await env.post('/webhooks/whatsapp', voice)).status).toBe(200);
    const fbVoice = metaAudio(
      'messenger',
      'm_NUL2\u0000',
      '6543210987',
      'https://x.invalid/a\u0000',
    );
    expect((await env.post('/webhooks/messenger', fbVoice)).status).toBe(200);
    const { rows } = await env.t.db.query<{ payload: { mediaId?: string; url?: string } }>(
      `SELECT payload FROM t_demo.outbox WHERE kind = 'voice.transcribe' ORDER BY id`,
    );
    expect(rows.map((r) => r.payload.mediaId ?? r.payload.url)).toEqual([
      'mediaid',
      'https://x.invalid/a',
    ]);
  });

  it("one customer's poison never fails the other customers' messages sent at the same moment", async () => {
    const senders = Array.from({ length: 60 }, (_, i) => `2547130${String(i).padStart(5, '0')}`);
    const results = await Promise.all(
      senders.map((from, i) =>
        env.post(
          '/webhooks/whatsapp',
          waText(
            `wamid.GRP${i}`,
            from,
            i % 7 === 0 ? `x${'y'.repeat(4094)}${EMOJI}\u0000` : `hi ${i}`,
          ),
        ),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(senders.map(() => 200));
    const { rows } = await env.t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM t_demo.inbox WHERE event_id LIKE 'wa:wamid.GRP%' AND status <> 'dead'`,
    );
    expect(rows[0]!.n).toBe(senders.length);
  });
});
