import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, PROBE_DEMO_TENANT_FILE, simulate } from '../../test-support/test-runtime';
import { startConsoleServer, type ConsoleServer } from '../../test-support/console-browser-rig';
import type { Runtime } from '../app';
import {
  capturingLogger,
  getJson,
  openLive,
  postJson,
  raw,
} from '../../test-support/console-test-kit';

// Route tests run the probe machine: its states are small and stable (idle <-> waiting).
const PROBE = { customer: 'probe-thread', admin: 'probe-thread' };

describe('console API (development mode)', () => {
  let server: ConsoleServer;
  let rt: Runtime;
  let url: string;
  const { log, lines } = capturingLogger();

  beforeAll(async () => {
    server = await startConsoleServer({
      env: { RATIBA_DEMO_TENANT: PROBE_DEMO_TENANT_FILE },
      overrides: { defaultMachines: PROBE, logger: log },
    });
    ({ rt, url } = server);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const threads = async (query = '') =>
    (await getJson(`${url}/api/tenants/demo/threads${query}`)).body as {
      threads: {
        threadKey: string;
        customer: string;
        state: unknown;
        lastEventType: string;
        shard: number;
        channel: string;
        needsHuman: boolean;
      }[];
      nextCursor: string | null;
      total: number;
    };

  it('says it is in development mode, with a banner, and lists the tenant', async () => {
    const c = await getJson(`${url}/api/console`);
    expect(c.body).toMatchObject({ mode: 'development', keycloak: null, simulator: true });
    expect(String(c.body.banner)).toMatch(/development mode/);
    const t = await getJson(`${url}/api/tenants`);
    expect(t.headers.get('x-ratiba-console-mode')).toBe('development');
    expect(t.body.tenants).toEqual([expect.objectContaining({ slug: 'demo' })]);
    expect((await getJson(`${url}/api/tenants/nope/threads`)).status).toBe(404);
    expect((await getJson(`${url}/api/tenants/..%2fx/threads`)).status).toBe(404);
  });

  it('lists threads with the phone masked, state, last event and shard; filters and pages', async () => {
    await simulate(url, { from: '+254711000001', text: 'hello' });
    await simulate(url, { from: '+254711000002', text: 'remind 600' });
    await simulate(url, { from: '+254711000003', text: 'hi' });
    const all = await threads();
    expect(all.total).toBe(3);
    const first = all.threads.find((t) => t.customer === '+2547•••••001')!;
    expect(first).toMatchObject({ state: 'idle', lastEventType: 'message', channel: 'simulator' });
    expect(first.shard).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(all)).not.toContain('711000001');

    expect((await threads('?state=waiting')).threads.map((t) => t.customer)).toEqual([
      '+2547•••••002',
    ]);
    expect((await threads('?state=idle')).total).toBe(2);
    expect((await threads('?channel=whatsapp')).total).toBe(0);
    expect((await threads('?needsHuman=1')).total).toBe(0);
    expect((await getJson(`${url}/api/tenants/demo/threads?state=a'b`)).status).toBe(400);

    const p1 = await threads('?limit=2');
    expect(p1.threads).toHaveLength(2);
    expect(p1.nextCursor).toBeTruthy();
    const p2 = await threads(`?limit=2&cursor=${p1.nextCursor}`);
    expect(p2.threads).toHaveLength(1);
    expect(p2.nextCursor).toBeNull();
    const keys = [...p1.threads, ...p2.threads].map((t) => t.threadKey);
    expect(new Set(keys).size).toBe(3);
    expect((await getJson(`${url}/api/tenants/demo/threads?cursor=zzz`)).status).toBe(400);
  });

  it('shows the journal masked, reveals on request and logs who revealed what', async () => {
    const r = await simulate(url, { from: '+254711000004', text: 'my name is Wanjiru' });
    const base = `${url}/api/tenants/demo/threads/${r.body.thread}`;
    const masked = await getJson(`${base}/journal`);
    expect(JSON.stringify(masked.body)).not.toContain('Wanjiru');
    const entries = masked.body.entries as { eventType: string; stateAfter: unknown }[];
    expect(entries[0]).toMatchObject({ eventType: 'message', stateAfter: 'idle' });
    expect(lines.some((l) => l.msg === 'console pii revealed')).toBe(false);

    const revealed = await getJson(`${base}/journal?reveal=1`);
    expect(JSON.stringify(revealed.body)).toContain('Wanjiru');
    expect(lines).toContainEqual(
      expect.objectContaining({
        msg: 'console pii revealed',
        thread: r.body.thread,
        what: 'journal',
        operator: 'local',
      }),
    );

    const detail = await getJson(base);
    expect(detail.body).toMatchObject({ machine: 'probe-thread', state: 'idle', seq: 1 });
    expect(JSON.stringify(detail.body)).not.toContain('Wanjiru');
    expect((await getJson(`${base}?reveal=1`)).body.customer).toBe('+254711000004');
    expect((await getJson(`${url}/api/tenants/demo/threads/c:999999`)).status).toBe(404);
  });

  it('replays a thread to any past turn (time travel)', async () => {
    const from = '+254711000005';
    const r = await simulate(url, { from, text: 'one' });
    await simulate(url, { from, text: 'remind 600' });
    await simulate(url, { from, text: 'three' });
    const base = `${url}/api/tenants/demo/threads/${r.body.thread}`;
    const at1 = await getJson(`${base}/at/1?reveal=1`);
    expect(at1.body).toMatchObject({ seq: 1, stateValue: 'idle', divergedAt: null });
    expect((at1.body.snapshot as { context: { count: number } }).context.count).toBe(1);
    const at2 = await getJson(`${base}/at/2`);
    expect(at2.body).toMatchObject({ seq: 2, stateValue: 'waiting' });
  });

  it('serves the graph of every hosted machine', async () => {
    const g = await getJson(`${url}/api/machines/probe-thread/graph`);
    expect(g.status).toBe(200);
    const nodes = (g.body.nodes as { id: string }[]).map((n) => n.id);
    expect(nodes).toEqual(expect.arrayContaining(['', 'idle', 'waiting']));
    const list = await getJson(`${url}/api/machines`);
    for (const m of list.body.machines as { name: string }[])
      expect((await getJson(`${url}/api/machines/${m.name}/graph`)).status).toBe(200);
    expect((await getJson(`${url}/api/machines/nope/graph`)).status).toBe(404);
  });

  it('pushes committed turns to the live feed of the tenant', async () => {
    const { ws, messages } = await openLive(`${url}/api/live?tenant=demo`);
    try {
      const r = await simulate(url, { from: '+254711000006', text: 'live?' });
      const turn = await eventually(() =>
        Promise.resolve(
          messages.find(
            (m) =>
              m.type === 'turn' && (m.turn as { threadKey: string }).threadKey === r.body.thread,
          ),
        ),
      );
      expect(turn.turn).toMatchObject({
        tenant: 'demo',
        eventType: 'message',
        stateValue: 'idle',
        machine: 'probe-thread',
        node: rt.config.nodeId,
      });
      expect(messages[0]).toMatchObject({ type: 'hello' });
    } finally {
      ws.close();
    }
    await expect(
      openLive(`${url}/api/live?tenant=demo`, { origin: 'https://evil.example' }),
    ).rejects.toThrow(/403/);
  });

  it('takes over, replies and hands back through the inbox', async () => {
    const r = await simulate(url, { from: '+254711000007', text: 'help' });
    const base = `${url}/api/tenants/demo/threads/${r.body.thread}`;
    expect((await postJson(`${base}/takeover`, {})).status).toBe(202);
    expect((await postJson(`${base}/reply`, { text: 'Hi, this is Amina' })).status).toBe(202);
    expect((await postJson(`${base}/reply`, { text: '' })).status).toBe(400);
    expect((await postJson(`${base}/handback`, {})).status).toBe(202);
    const types = await eventually(async () => {
      const j = await getJson(`${base}/journal?reveal=1`);
      const list = (j.body.entries as { eventType: string; event: { text?: string } }[]).map(
        (e) => e.eventType,
      );
      return list.length >= 4 ? list : undefined;
    });
    expect(types.slice(0, 3).reverse()).toEqual([
      'handoff.start',
      'operator.message',
      'handoff.end',
    ]);
    expect(lines).toContainEqual(
      expect.objectContaining({ msg: 'console action', action: 'takeover' }),
    );
  });

  it('serves the console page but never outside its folder, and not for /api', async () => {
    const page = await fetch(`${url}/threads/c:1`, { headers: { accept: 'text/html' } });
    expect([200, 503]).toContain(page.status);
    expect((await fetch(`${url}/..%2f..%2fpackage.json`)).status).toBe(400);
    // fetch() normalizes dot segments itself; a raw request sends them as they are.
    expect(await rawStatus(url, '/%2e%2e/%2e%2e/package.json')).toBe(400);
    expect(await rawStatus(url, '/../../package.json')).not.toBe(200);
    const api = await getJson(`${url}/api/nope`, undefined, { accept: 'text/html' });
    expect(api.status).toBe(404);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });
});

async function rawStatus(base: string, path: string): Promise<number> {
  return (await raw(base, { path, headers: { accept: 'text/html' } })).status;
}
