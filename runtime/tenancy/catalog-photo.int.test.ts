/**
 * The price-list photo path of the console against real Postgres, a fake S3 and the fake
 * Anthropic server through the real SDK: photo -> storage -> vision model -> staged draft ->
 * review (edit) -> apply through the CSV import's path. Catches: a draft applied before review,
 * a bad row that half-applies, a garbage model answer that stages something, an image block
 * that is not in the wire shape the API takes, a photo path that pretends to work without a key.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../app';
import { startFakeS3, type FakeS3 } from '../../adapters/storage/testing';
import { startFakeAnthropicServer, type FakeModelServer } from '../../adapters/llm/testing';
import { createTestDatabase, startTestRuntime, type TestDatabase } from '../../test-support';
import type { CatalogDraftView } from '../../contract';

const ROOT = resolve(import.meta.dirname, '../..');
const PHOTO = readFileSync(join(import.meta.dirname, 'fixtures/price-list.jpg'));

const READING = {
  is_price_list: true,
  currency: 'KES',
  services: [
    {
      name: 'Gel polish',
      name_sw: null,
      category: 'Nails',
      price: 'KES 1,200',
      duration: '45 min',
    },
    { name: 'Haircut', name_sw: null, category: null, price: '1,000/=', duration: null },
    { name: 'Facial', name_sw: null, category: null, price: '2,500', duration: null },
  ],
};

type Json = Record<string, unknown>;

describe('catalog from a photo of a price list (console)', () => {
  let tdb: TestDatabase;
  let rt: Runtime;
  let s3: FakeS3;
  let model: FakeModelServer;
  const env = (extra: Record<string, string>) => ({
    RATIBA_DEMO_TENANT: join(ROOT, 'tenants/demo.yaml'),
    ...s3.env,
    ...extra,
  });
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${rt.http.url}/api/tenants/demo/catalog${path}`, init).then(async (r) => ({
      status: r.status,
      body: (await r.json()) as Json,
    }));
  const post = (path: string, body: unknown) =>
    api(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const upload = (bytes: Buffer, type = 'image/jpeg') =>
    api('/photo', { method: 'POST', headers: { 'content-type': type }, body: bytes });
  const prices = async () =>
    Object.fromEntries(
      (
        await tdb.db.query<{ id: string; price_kes_minor: string }>(
          'SELECT id, price_kes_minor FROM t_demo.services ORDER BY id',
        )
      ).rows.map((r) => [r.id, Number(r.price_kes_minor)]),
    );

  beforeAll(async () => {
    tdb = await createTestDatabase();
    s3 = await startFakeS3();
    model = await startFakeAnthropicServer();
    rt = await startTestRuntime(
      tdb.url,
      env({ ANTHROPIC_API_KEY: 'sk-ant-fake', ANTHROPIC_BASE_URL: model.url }),
    );
  }, 60_000);
  afterAll(async () => {
    await rt?.stop();
    await Promise.all([tdb?.drop(), s3?.close(), model?.close()]);
  });

  it('stages a draft from a photo, sent as a base64 image block; nothing applied yet', async () => {
    model.answerWith(() => READING);
    const before = await prices();
    const r = await upload(PHOTO);
    expect(r.status).toBe(201);
    const call = model.calls.at(-1)!;
    expect(call.toolName).toBe('record_price_list');
    expect(call.images).toHaveLength(1);
    expect(call.images[0]!.mediaType).toBe('image/jpeg');
    expect(call.images[0]!.bytes.equals(PHOTO)).toBe(true);
    const draft = r.body as unknown as CatalogDraftView;
    expect(draft.status).toBe('draft');
    expect(draft.readBy).toBe('anthropic:price-list-vision.v1');
    expect(s3.objects('ratiba-assets').get(draft.photoKey)?.body.equals(PHOTO)).toBe(true);
    // Facial is new and the list gives no duration: a problem by row, the rest planned.
    expect(draft.problems).toEqual([
      {
        line: 3,
        column: 'duration_min',
        message: 'the list gives no duration for this new service; add one',
      },
    ]);
    expect(draft.counts).toEqual({ create: 1, update: 1, unchanged: 0 });
    expect(await prices()).toEqual(before);
    // Applying with a problem is refused whole.
    const refused = await post(`/drafts/${draft.id}/apply`, {});
    expect(refused.status).toBe(422);
    expect(await prices()).toEqual(before);
    // The owner fills in the duration; applying writes everything at once, once.
    const rows = draft.rows.map((row) =>
      row.name === 'Facial' ? { ...row, duration: '1h' } : row,
    );
    const edited = await api(`/drafts/${draft.id}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rows }),
    });
    expect(edited.body.problems).toEqual([]);
    const applied = await post(`/drafts/${draft.id}/apply`, {});
    expect(applied.status).toBe(200);
    expect(applied.body.status).toBe('applied');
    expect(await prices()).toMatchObject({
      'gel-polish': 120_000,
      haircut: 100_000,
      facial: 250_000,
    });
    expect((await post(`/drafts/${draft.id}/apply`, {})).status).toBe(409);
    const ledger = await tdb.db.query<{ task: string; outcome: string }>(
      `SELECT task, outcome FROM t_demo.llm_ledger WHERE task = 'price_list_vision'`,
    );
    expect(ledger.rows.at(-1)).toEqual({ task: 'price_list_vision', outcome: 'ok' });
  });

  it('a garbage model answer stages nothing and says so (502)', async () => {
    const drafts = await tdb.db.query('SELECT count(*)::int AS n FROM t_demo.catalog_drafts');
    model.answerWith(() => ({ services: 'lots', price: 12 }));
    const r = await upload(PHOTO);
    expect(r.status).toBe(502);
    expect(r.body).toMatchObject({ error: 'unread' });
    expect(String(r.body.message)).toMatch(/could not read that photo/);
    const after = await tdb.db.query('SELECT count(*)::int AS n FROM t_demo.catalog_drafts');
    expect(after.rows).toEqual(drafts.rows);
  });

  it('a photo that is not a price list is refused plainly (422)', async () => {
    model.answerWith(() => ({ is_price_list: false, currency: null, services: [] }));
    const r = await upload(PHOTO);
    expect(r.status).toBe(422);
    expect(r.body.error).toBe('not_a_price_list');
  });

  it('refuses a wrong type (415), bytes that lie about their type (415) and a huge image (413)', async () => {
    const calls = model.calls.length;
    expect((await upload(PHOTO, 'image/gif')).status).toBe(415);
    expect((await upload(Buffer.from('not an image at all'), 'image/png')).status).toBe(415);
    const huge = Buffer.concat([PHOTO, Buffer.alloc(6 * 1024 * 1024)]);
    const r = await upload(huge);
    expect(r.status).toBe(413);
    expect(model.calls.length).toBe(calls);
  });

  it('discarding a draft leaves the catalog alone', async () => {
    model.answerWith(() => ({
      ...READING,
      services: [{ ...READING.services[0]!, price: '5,000' }],
    }));
    const before = await prices();
    const r = await upload(PHOTO);
    const id = String(r.body.id);
    expect((await post(`/drafts/${id}/discard`, {})).body.status).toBe('discarded');
    expect((await post(`/drafts/${id}/apply`, {})).status).toBe(409);
    expect(await prices()).toEqual(before);
  });
});

describe('catalog from a photo without a model key', () => {
  it('says plainly that a key is needed, while CSV keeps working', async () => {
    const tdb = await createTestDatabase();
    const rt = await startTestRuntime(tdb.url, {
      RATIBA_DEMO_TENANT: join(ROOT, 'tenants/demo.yaml'),
    });
    try {
      const url = `${rt.http.url}/api/tenants/demo/catalog`;
      const r = await fetch(`${url}/photo`, {
        method: 'POST',
        headers: { 'content-type': 'image/jpeg' },
        body: PHOTO,
      });
      expect(r.status).toBe(409);
      const body = (await r.json()) as Json;
      expect(body.error).toBe('no_model');
      expect(String(body.message)).toContain(
        'needs a model key (ANTHROPIC_API_KEY or OPENAI_API_KEY)',
      );
      const csv = await fetch(`${url}/import`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: 'Service,Duration,Price\nHaircut,30,900\n',
      });
      expect(csv.status).toBe(200);
    } finally {
      await rt.stop();
      await tdb.drop();
    }
  }, 60_000);
});
