/**
 * The owner's WhatsApp price-list path end to end, against real Postgres, the fake Graph server
 * (webhook in, media download, sends out) and the fake Anthropic server through the real SDK:
 * image webhook -> media download -> vision -> staged draft -> summary with Confirm / Cancel ->
 * tap Confirm -> catalog changed. Catches: a draft applied before the owner confirms, a photo
 * that never reaches the model in the wire shape, a summary in the wrong language, a tap that
 * applies twice.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropicServer, type FakeModelServer } from '../../../adapters/llm/testing';
import { eventually } from '../../../test-support/test-runtime';
import { startChannelEnv, type ChannelEnv } from '../../../test-support/channel-test-kit';

const OWNER = '254700000001'; // the demo tenant's admin (tenants/demo.yaml)
const PHOTO = readFileSync(join(import.meta.dirname, '../../tenancy/fixtures/price-list.jpg'));
const FIXTURES = join(import.meta.dirname, '../../../adapters/whatsapp/fixtures');

type Doc = { entry: { changes: { value: { messages: Record<string, unknown>[] } }[] }[] };
function waDoc(name: string, message: Record<string, unknown>): string {
  const doc = JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as Doc;
  const value = doc.entry[0]!.changes[0]!.value as Record<string, unknown> & {
    messages: Record<string, unknown>[];
    contacts?: { wa_id: string }[];
  };
  if (value.contacts?.[0]) value.contacts[0].wa_id = OWNER;
  value.messages[0] = { ...value.messages[0], ...message, from: OWNER };
  return JSON.stringify(doc);
}
const waImage = (id: string, mediaId: string, caption: string) =>
  waDoc('image-message.json', {
    id,
    image: { caption, mime_type: 'image/jpeg', sha256: 'x', id: mediaId },
  });
const waTap = (id: string, replyId: string, title: string) =>
  waDoc('button-reply.json', {
    id,
    interactive: { type: 'button_reply', button_reply: { id: replyId, title } },
  });

type Sent = { to?: string; text?: { body: string }; interactive?: Interactive };
type Interactive = { body: { text: string }; action: { buttons: { reply: { id: string } }[] } };
const toOwner = (env: ChannelEnv) =>
  env.graph
    .sends()
    .map((r) => r.json as Sent)
    .filter((j) => j.to === OWNER);
const textOf = (j: Sent) => j.text?.body ?? j.interactive?.body.text ?? '';

describe('catalog from a photo the owner sends on WhatsApp', () => {
  let env: ChannelEnv;
  let model: FakeModelServer;
  const price = async (id: string) =>
    (
      await env.t.db.query<{ p: number }>(
        'SELECT price_kes_minor::int AS p FROM t_demo.services WHERE id = $1',
        [id],
      )
    ).rows[0]?.p;

  beforeAll(async () => {
    model = await startFakeAnthropicServer();
    env = await startChannelEnv((f) => f, {
      ANTHROPIC_API_KEY: 'sk-ant-fake',
      ANTHROPIC_BASE_URL: model.url,
    });
  }, 60_000);
  afterAll(async () => {
    await env?.stop();
    await model?.close();
  });

  it('reads the photo into a draft, shows a summary with Confirm, and applies it on the tap', async () => {
    model.answerWith(() => ({
      is_price_list: true,
      currency: 'KES',
      services: [
        { name: 'Haircut', name_sw: null, category: null, price: '1,300/=', duration: null },
        {
          name: 'Gel polish',
          name_sw: null,
          category: 'Nails',
          price: '1,200',
          duration: '45 min',
        },
      ],
    }));
    const before = await price('haircut');
    const mediaId = env.graph.addMedia({ bytes: PHOTO, mimeType: 'image/jpeg' });
    const res = await env.post('/webhooks/whatsapp', waImage('wamid.pl-1', mediaId, 'bei mpya'));
    expect(res.status).toBe(200);
    const summary = await eventually(
      () => Promise.resolve(toOwner(env).find((j) => j.interactive?.action.buttons.length === 2)),
      30_000,
    );
    // Downloaded with the tenant's token, sent to the model as an image block.
    expect(env.graph.requests.some((r) => r.path.includes('/media-download/'))).toBe(true);
    expect(model.calls.at(-1)!.images[0]!.bytes.equals(PHOTO)).toBe(true);
    // The owner wrote the caption in Swahili: the summary is in Swahili.
    expect(textOf(summary)).toContain('Hakuna kinachobadilika hadi uthibitishe');
    expect(textOf(summary)).toContain('Gel polish: KES 1,200, 45 min');
    expect(await price('haircut')).toBe(before);
    const confirm = summary.interactive!.action.buttons[0]!.reply.id;
    expect(confirm).toMatch(/^cat:apply:[0-9a-f-]{36}$/);
    await env.post('/webhooks/whatsapp', waTap('wamid.pl-2', confirm, 'Thibitisha'));
    await eventually(async () => (await price('haircut')) === 130_000 || undefined, 30_000);
    expect(await price('gel-polish')).toBe(120_000);
    await eventually(
      () =>
        Promise.resolve(
          toOwner(env).find((j) => textOf(j).includes('Katalogi imesasishwa: huduma 2')),
        ),
      30_000,
    );
    // A second tap on the same summary changes nothing.
    await env.post('/webhooks/whatsapp', waTap('wamid.pl-3', confirm, 'Thibitisha'));
    await eventually(
      () =>
        Promise.resolve(toOwner(env).find((j) => textOf(j).includes('ilishatumika au kughairiwa'))),
      30_000,
    );
  });

  it('a garbage model answer stages nothing and the owner is told plainly', async () => {
    model.answerWith(() => ({ nonsense: true }));
    const mediaId = env.graph.addMedia({ bytes: PHOTO, mimeType: 'image/jpeg' });
    await env.post('/webhooks/whatsapp', waImage('wamid.pl-4', mediaId, 'new prices'));
    await eventually(
      () =>
        Promise.resolve(
          toOwner(env).find((j) => textOf(j).includes('The model could not read that photo')),
        ),
      30_000,
    );
    const drafts = await env.t.db.query(
      `SELECT 1 FROM t_demo.catalog_drafts WHERE source_ref = $1`,
      [`wa:${mediaId}`],
    );
    expect(drafts.rows).toEqual([]);
  });
});
