/**
 * Open doors (issue 17). Regressions: with RATIBA_SIMULATOR=1 the simulator had no
 * authentication even with Keycloak configured (anyone reaching the port could read any tenant's
 * answers, and with `channel: 'whatsapp'` make a tenant's number message an arbitrary phone);
 * and a form POST from another origin to `/api/tenants/<t>/threads/<k>/takeover` returned 202.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../app';
import { startFakeKeycloak, type FakeKeycloak } from '../../test-support/console-test-kit';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database';
import { simulate, startTestRuntime } from '../../test-support/test-runtime';
import { HttpTurnBridge } from '../../voice';

const REALM = 'ratiba';
const CLIENT = 'ratiba-console';

function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** A runtime with (fake) Keycloak and `env` for the describe block it is called in. */
function withKeycloakRuntime(
  env: Record<string, string>,
  set: (x: { t: TestDatabase; rt: Runtime; kc: FakeKeycloak }) => void,
): void {
  let x: { t?: TestDatabase; rt?: Runtime; kc?: FakeKeycloak } = {};
  beforeAll(async () => {
    const kc = await startFakeKeycloak(REALM, CLIENT);
    x = { kc };
    const t = await createTestDatabase();
    x.t = t;
    const keycloak = { KEYCLOAK_URL: kc.url, KEYCLOAK_REALM: REALM, KEYCLOAK_CLIENT_ID: CLIENT };
    const rt = await startTestRuntime(t.url, { ...keycloak, ...env });
    set({ t, rt, kc });
    x.rt = rt;
  });
  afterAll(async () => {
    await x.rt?.stop();
    await x.t?.drop();
    await x.kc?.close();
  });
}

describe('the simulator with Keycloak configured', () => {
  let t: TestDatabase;
  let rt: Runtime;
  let kc: FakeKeycloak;
  withKeycloakRuntime({}, (x) => ({ t, rt, kc } = x));

  const message = { tenant: 'demo', from: '+254712000201', text: 'hi' };
  const url = () => `${rt.http.url}/api/simulator/messages`;

  it('refuses a caller without a token (401) and an operator of another tenant (403)', async () => {
    expect((await post(url(), message)).status).toBe(401);
    const other = await kc.sign({ tenants: ['other'] });
    expect((await post(url(), message, { authorization: `Bearer ${other}` })).status).toBe(403);
    const inbox = await t.db.query(`SELECT 1 FROM t_demo.inbox`);
    expect(inbox.rowCount).toBe(0);
  });

  it('answers an operator of the tenant, and never on a real channel', async () => {
    const token = await kc.sign({ tenants: ['demo'] });
    const auth = { authorization: `Bearer ${token}` };
    const ok = await post(url(), message, auth);
    expect(ok.status).toBe(200);
    const wa = await post(url(), { ...message, channel: 'whatsapp' }, auth);
    expect(wa.status).toBe(400);
    expect(((await wa.json()) as { message: string }).message).toMatch(/channel/);
  });
});

// Regression (issue 17): the voice bridge over HTTP sent no credential, so it could only work
// against a runtime with no login configured.
describe('the voice bridge (HttpTurnBridge) with Keycloak and a service token configured', () => {
  const SERVICE_TOKEN = 'voice-bridge-shared-secret-0123456789abcdef';
  let t: TestDatabase;
  let rt: Runtime;
  let kc: FakeKeycloak;
  withKeycloakRuntime({ RATIBA_SERVICE_TOKEN: SERVICE_TOKEN }, (x) => ({ t, rt, kc } = x));

  /** Call `c<n>` from a caller of its own. */
  const call = (callId: string) => ({
    tenant: 'demo',
    from: `+2547120002${callId.slice(1).padStart(2, '0')}`,
    callId,
  });
  const stored = async (callId: string) =>
    (await t.db.query(`SELECT 1 FROM t_demo.inbox WHERE event_id LIKE $1`, [`sim:${callId}%`]))
      .rowCount;

  it('refuses a bridge without a credential, or with a wrong one (401), storing nothing', async () => {
    const bare = new HttpTurnBridge(rt.http.url);
    await expect(bare.say(call('c1'), { seq: 1, text: 'hello' })).rejects.toThrow(/401/);
    await expect(bare.start(call('c1'))).rejects.toThrow(/401/);
    const wrong = new HttpTurnBridge(rt.http.url, { token: `${SERVICE_TOKEN}x` });
    await expect(wrong.say(call('c1'), { seq: 1, text: 'hello' })).rejects.toThrow(/401/);
    await expect(wrong.end(call('c1'), { reason: 'hangup' })).rejects.toThrow(/401/);
    expect(await stored('c1')).toBe(0);
  });

  it('answers a bridge bearing the service token', async () => {
    const bridge = new HttpTurnBridge(rt.http.url, { token: SERVICE_TOKEN });
    const turn = await bridge.say(call('c2'), { seq: 1, text: 'hello' });
    expect(turn).toEqual({ status: 'ok', replies: [{ kind: 'text', text: '#1 hello' }] });
    await bridge.end(call('c2'), { reason: 'hangup' });
    expect(await stored('c2')).toBe(2);
  });

  it("answers a bridge bearing a Keycloak service account's token, asked for per request", async () => {
    let asked = 0;
    const bridge = new HttpTurnBridge(rt.http.url, {
      token: () => (asked++, kc.sign({ sub: 'service-account-voice', tenants: ['demo'] })),
    });
    const turn = await bridge.say(call('c3'), { seq: 1, text: 'hello' });
    expect(turn.replies).toEqual([{ kind: 'text', text: '#1 hello' }]);
    expect(asked).toBe(1);
  });
});

describe('cross-site requests to the console (development mode)', () => {
  let t: TestDatabase;
  let rt: Runtime;
  let thread: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    rt = await startTestRuntime(t.url);
    thread = (await simulate(rt.http.url, { from: '+254712000202', text: 'hi' })).body.thread;
  });
  afterAll(async () => {
    await rt?.stop();
    await t?.drop();
  });

  const takeover = (headers: Record<string, string>) =>
    // A JSON body, as the console sends: bodyless and form posts are refused whatever their
    // origin (runtime/http/api-guard.ts).
    fetch(`${rt.http.url}/api/tenants/demo/threads/${thread}/takeover`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: '{}',
    });

  it('refuses a POST from another origin, or one the browser marks cross-site', async () => {
    const evil = await takeover({
      origin: 'https://evil.example',
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(evil.status).toBe(403);
    expect((await takeover({ origin: 'null' })).status).toBe(403);
    expect((await takeover({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    const sim = await post(
      `${rt.http.url}/api/simulator/messages`,
      { tenant: 'demo', from: '+254712000203', text: 'x' },
      { origin: 'https://evil.example' },
    );
    expect(sim.status).toBe(403);
    const events = await t.db.query(
      `SELECT 1 FROM t_demo.inbox WHERE source = 'console' OR event->>'text' = 'x'`,
    );
    expect(events.rowCount).toBe(0);
  });

  it('accepts the console itself (same origin) and clients that are not browsers', async () => {
    expect((await takeover({ origin: rt.http.url })).status).toBe(202);
    expect((await takeover({ 'sec-fetch-site': 'same-origin' })).status).toBe(202);
    expect((await takeover({})).status).toBe(202);
  });
});
