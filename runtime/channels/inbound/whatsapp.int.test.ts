import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGraphServer, type FakeGraphServer } from '../../../adapters/whatsapp/testing';
import type { Runtime } from '../../app';
import { DEMO_TENANT_FILE } from '../../config';
import { setUpTenant } from '../../tenant-setup';
import { readTenantFile } from '../../tenancy/tenant-file';
import { createTestDatabase, type TestDatabase } from '../../../test-support/test-database';
import { eventually, startTestRuntime } from '../../../test-support/test-runtime';

const SECRET = 'test-app-secret';
const TOKEN = 'EAAG-test-token';
const PHONE_NUMBER_ID = '100200300400500'; // the fixture's business number
const fixture = readFileSync(
  new URL('../../../test-support/fixtures/channels/text-message.json', import.meta.url),
  'utf8',
);

let t: TestDatabase;
let graph: FakeGraphServer;
let rt: Runtime;

beforeAll(async () => {
  t = await createTestDatabase();
  graph = await startFakeGraphServer({ accessToken: TOKEN });
  const demo = await readTenantFile(DEMO_TENANT_FILE);
  await setUpTenant(t.db, {
    ...demo,
    channels: {
      ...demo.channels,
      whatsapp: [
        { phone_number_id: PHONE_NUMBER_ID, access_token: TOKEN, messages_per_second: 80 },
      ],
    },
  });
  rt = await startTestRuntime(t.url, {
    META_APP_SECRET: SECRET,
    META_VERIFY_TOKEN: 'verify-me',
    META_GRAPH_URL: graph.url,
    RATIBA_DEMO_TENANT: '',
  });
});
afterAll(async () => {
  await rt?.stop();
  await graph?.close();
  await t?.drop();
});

/** A webhook body like the fixture, for a given message id, sender and text. */
function webhook(id: string, from: string, text: string, phoneNumberId = PHONE_NUMBER_ID): string {
  const doc = JSON.parse(fixture) as { entry: { changes: { value: Record<string, unknown> }[] }[] };
  const value = doc.entry[0]!.changes[0]!.value as {
    metadata: { phone_number_id: string };
    contacts: { wa_id: string }[];
    messages: { id: string; from: string; text: { body: string } }[];
  };
  value.metadata.phone_number_id = phoneNumberId;
  value.contacts[0]!.wa_id = from;
  Object.assign(value.messages[0]!, { id, from, text: { body: text } });
  return JSON.stringify(doc);
}

const sign = (body: string, secret = SECRET) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

function post(body: string, headers: Record<string, string> = {}) {
  return fetch(`${rt.http.url}/webhooks/whatsapp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body), ...headers },
    body,
  });
}

const inboxCount = async () =>
  Number((await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM t_demo.inbox`)).rows[0]!.n);

describe('WhatsApp webhooks', () => {
  it('answers the verify handshake only with the right token', async () => {
    const ok = await fetch(
      `${rt.http.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=12345`,
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('12345');
    const bad = await fetch(
      `${rt.http.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`,
    );
    expect(bad.status).toBe(403);
  });

  it('signed webhook in -> inbox -> turn -> reply rendered at the Graph API to the sender', async () => {
    const res = await post(webhook('wamid.e2e-1', '254712000101', 'hello'));
    expect(res.status).toBe(200);
    const send = await eventually(() =>
      Promise.resolve(graph.sends().find((r) => (r.json as { to?: string }).to === '254712000101')),
    );
    expect(send.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(send.path).toContain(`/${PHONE_NUMBER_ID}/messages`);
    const body = send.json as {
      type: string;
      interactive?: { type: string; body: { text: string } };
    };
    expect(body.type).toBe('interactive');
    expect(body.interactive?.body.text).toMatch(/Karibu Salon Ratiba/);
    // The accepted wamid is recorded for status webhooks.
    await eventually(
      async () =>
        (await t.db.query(`SELECT 1 FROM t_demo.deliveries WHERE thread_key LIKE 'c:%'`)).rows
          .length > 0,
    );
  });

  it('the same webhook delivered 5 times concurrently yields one turn and one reply', async () => {
    const body = webhook('wamid.dup-1', '254712000102', 'hello');
    const statuses = await Promise.all([1, 2, 3, 4, 5].map(() => post(body).then((r) => r.status)));
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    await eventually(() =>
      Promise.resolve(graph.sends().some((r) => (r.json as { to?: string }).to === '254712000102')),
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(
      graph.sends().filter((r) => (r.json as { to?: string }).to === '254712000102'),
    ).toHaveLength(1);
    const { rows } = await t.db.query(
      `SELECT 1 FROM t_demo.journal j JOIN t_demo.inbox i ON i.id = j.inbox_id WHERE i.event_id = 'wa:wamid.dup-1'`,
    );
    expect(rows).toHaveLength(1);
  });

  it('refuses bad signatures (401), non-JSON (415) and huge bodies (413) without writing anything', async () => {
    const before = await inboxCount();
    const body = webhook('wamid.bad-1', '254712000103', 'hello');
    expect((await post(body, { 'x-hub-signature-256': sign(body, 'wrong') })).status).toBe(401);
    expect((await post(body, { 'x-hub-signature-256': 'sha256=abc' })).status).toBe(401);
    expect((await post(body, { 'x-hub-signature-256': '' })).status).toBe(401);
    expect((await post(body, { 'content-type': 'text/plain' })).status).toBe(415);
    const huge = webhook('wamid.big-1', '254712000103', 'x'.repeat(2 * 1024 * 1024));
    expect((await post(huge)).status).toBe(413);
    expect(await inboxCount()).toBe(before);
  });

  it('acknowledges an unknown business number with 200 and writes nothing', async () => {
    const before = await inboxCount();
    const res = await post(webhook('wamid.unknown-1', '254712000104', 'hello', '999999999'));
    expect(res.status).toBe(200);
    expect(await inboxCount()).toBe(before);
  });

  it('random and mutated bodies, headers and signatures: no 5xx, no inbox row from an unsigned body', async () => {
    const before = await inboxCount();
    const valid = webhook('wamid.fuzz-base', '254712000105', 'hello');
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.json(),
          fc.nat({ max: valid.length - 1 }).map((i) => valid.slice(0, i)),
          fc
            .tuple(fc.nat({ max: valid.length - 1 }), fc.string({ minLength: 1, maxLength: 3 }))
            .map(([i, s]) => valid.slice(0, i) + s + valid.slice(i + 1)),
        ),
        fc.oneof(
          fc.constant(undefined),
          fc.string({ maxLength: 80 }),
          fc
            .string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 })
            .map((h) => `sha256=${h}`),
        ),
        fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', ''),
        async (body, signature, contentType) => {
          const headers: Record<string, string> = { 'content-type': contentType };
          if (signature !== undefined) headers['x-hub-signature-256'] = signature;
          const res = await fetch(`${rt.http.url}/webhooks/whatsapp`, {
            method: 'POST',
            headers,
            body,
          });
          await res.arrayBuffer();
          expect(res.status).toBeLessThan(500);
        },
      ),
      { numRuns: 150 },
    );
    expect(await inboxCount()).toBe(before);
  });
});
