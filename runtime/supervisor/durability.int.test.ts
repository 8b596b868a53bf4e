import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setUpTenant } from '../tenant-setup';
import { readTenantFile } from '../tenancy/tenant-file';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database';
import {
  eventually,
  PROBE_DEMO_TENANT_FILE,
  simulate,
  startTestRuntime,
} from '../../test-support/test-runtime';
import { spawnNode } from '../../test-support/spawn-node';
import { shardOf } from './thread-key';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

const journal = async (schema: string, thread: string) =>
  (
    await t.db.query<{ seq: number; event_type: string; event: { text?: string } }>(
      `SELECT seq, event_type, event FROM ${schema}.journal WHERE thread_key = $1 ORDER BY seq`,
      [thread],
    )
  ).rows;

describe('fencing', () => {
  it('refuses a commit under a stale epoch, drops the shard, and the next owner applies the event once', async () => {
    const rt = await startTestRuntime(t.url, {
      RATIBA_NODE_ID: 'node-a',
      RATIBA_REPLY_TIMEOUT_MS: '1000',
    });
    const first = await simulate(rt.http.url, { from: '+254722000001', text: 'a' });
    const thread = first.body.thread;
    const shard = shardOf('demo', thread, 16);
    // Another process claims the shard (what a new owner does): the epoch moves on.
    await t.db.query(
      `UPDATE public.shard_leases SET owner = 'intruder', epoch = epoch + 1 WHERE shard = $1`,
      [shard],
    );
    const refused = await simulate(rt.http.url, { from: '+254722000001', text: 'b' });
    expect(refused.body.replies).toEqual([]);
    expect((await journal('t_demo', thread)).map((r) => r.event.text)).toEqual(['a']);
    const metrics = await (await fetch(`${rt.http.url}/metrics`)).text();
    expect(metrics).toMatch(/ratiba_turns_total\{outcome="stale_epoch"\} 1/);
    expect((await fetch(`${rt.http.url}/readyz`)).status).toBe(503);
    const { rows } = await t.db.query<{ status: string }>(
      `SELECT status FROM t_demo.inbox WHERE event->>'text' = 'b'`,
    );
    expect(rows).toEqual([{ status: 'pending' }]);
    await rt.stop();

    const next = await startTestRuntime(t.url, { RATIBA_NODE_ID: 'node-b' });
    try {
      await eventually(async () => (await journal('t_demo', thread)).length === 2);
      expect((await journal('t_demo', thread)).map((r) => [r.seq, r.event.text])).toEqual([
        [1, 'a'],
        [2, 'b'],
      ]);
    } finally {
      await next.stop();
    }
  });
});

describe('timers', () => {
  it('a timer pending when the process is killed (-9) fires after restart', async () => {
    const env = {
      DATABASE_URL: t.url,
      RATIBA_DEMO_TENANT: PROBE_DEMO_TENANT_FILE,
      RATIBA_SIMULATOR: '1',
      RATIBA_SHARDS: '16',
      RATIBA_TIMER_POLL_MS: '100',
    };
    const a = await spawnNode(env);
    const r = await simulate(a.url, { from: '+254722000002', text: 'remind 2' });
    expect(r.body.replies).toEqual([{ kind: 'text', text: 'ok, reminder set' }]);
    a.proc.kill('SIGKILL');
    await a.exited;
    const { rows } = await t.db.query(`SELECT 1 FROM t_demo.timers WHERE thread_key = $1`, [
      r.body.thread,
    ]);
    expect(rows).toHaveLength(1);

    const b = await spawnNode(env);
    try {
      await eventually(
        async () =>
          (await journal('t_demo', r.body.thread)).some((j) => j.event_type === 'reminder'),
        15_000,
      );
      const { rows: snap } = await t.db.query<{ state_value: string }>(
        `SELECT state_value FROM t_demo.actor_snapshots WHERE thread_key = $1`,
        [r.body.thread],
      );
      expect(snap[0]!.state_value).toBe('idle');
      // The simulator's replies, as the journal records them (they get no outbox row).
      const replies = await t.db.query<{ text: string }>(
        `SELECT e->'message'->>'text' AS text
         FROM t_demo.journal j, jsonb_array_elements(j.effects) WITH ORDINALITY AS x(e, n)
         WHERE j.thread_key = $1 AND e->>'type' = 'reply' ORDER BY j.seq, x.n`,
        [r.body.thread],
      );
      expect(replies.rows.map((o) => o.text)).toEqual(['ok, reminder set', 'reminder!']);
    } finally {
      b.proc.kill('SIGTERM');
      await b.exited;
    }
  });

  it('a cancelled timer never fires', async () => {
    const rt = await startTestRuntime(t.url);
    try {
      const set = await simulate(rt.http.url, { from: '+254722000003', text: 'remind 1' });
      await simulate(rt.http.url, { from: '+254722000003', text: 'cancel' });
      await new Promise((r) => setTimeout(r, 1500));
      expect((await journal('t_demo', set.body.thread)).map((j) => j.event_type)).toEqual([
        'message',
        'message',
      ]);
    } finally {
      await rt.stop();
    }
  });
});

describe('graceful shutdown', () => {
  it('SIGTERM finishes, hands the shards back and exits 0', async () => {
    const a = await spawnNode({
      DATABASE_URL: t.url,
      RATIBA_NODE_ID: 'graceful',
      RATIBA_SHARDS: '16',
    });
    a.proc.kill('SIGTERM');
    expect((await a.exited).code).toBe(0);
    const { rows } = await t.db.query(`SELECT 1 FROM public.shard_leases WHERE owner = 'graceful'`);
    expect(rows).toHaveLength(0);
  });
});

describe('tenancy', () => {
  it('two tenants with the same customer phone never see each other', async () => {
    const demo = await readTenantFile(PROBE_DEMO_TENANT_FILE);
    await setUpTenant(t.db, {
      ...demo,
      slug: 'other',
      name: 'Other',
      channels: { ...demo.channels, whatsapp: [], voice: [] },
      admins: [],
    });
    const rt = await startTestRuntime(t.url);
    try {
      const phone = '+254722000004';
      const a1 = await simulate(rt.http.url, { tenant: 'demo', from: phone, text: 'secret-demo' });
      const b1 = await simulate(rt.http.url, {
        tenant: 'other',
        from: phone,
        text: 'secret-other',
      });
      const b2 = await simulate(rt.http.url, { tenant: 'other', from: phone, text: 'again' });
      expect(a1.body.replies[0]!.text).toBe('#1 secret-demo');
      expect(b1.body.replies[0]!.text).toBe('#1 secret-other');
      expect(b2.body.replies[0]!.text).toBe('#2 again');
      const inDemo = await t.db.query(
        `SELECT 1 FROM t_demo.inbox WHERE event->>'text' LIKE 'secret-other%'`,
      );
      const inOther = await t.db.query(
        `SELECT 1 FROM t_other.inbox WHERE event->>'text' LIKE 'secret-demo%'`,
      );
      expect(inDemo.rows).toHaveLength(0);
      expect(inOther.rows).toHaveLength(0);
    } finally {
      await rt.stop();
    }
  });
});

describe('bad snapshots', () => {
  it('a snapshot of an unknown version dead-letters the event; other threads keep working', async () => {
    const rt = await startTestRuntime(t.url);
    try {
      await t.db.query(
        `INSERT INTO t_demo.threads (thread_key, kind, shard) VALUES ('c:999999', 'customer', $1);
         `.trim(),
        [shardOf('demo', 'c:999999', 16)],
      );
      await t.db.query(
        `INSERT INTO t_demo.actor_snapshots (thread_key, machine, schema_version, snapshot, seq, epoch)
         VALUES ('c:999999', 'probe-thread', 99, '{}', 5, 1)`,
      );
      const acc = await rt.ingress.accept(
        {
          tenant: 'demo',
          eventId: 'test:future',
          threadKey: 'c:999999',
          kind: 'customer',
          customerId: null,
          source: 'test',
          channel: null,
          event: { type: 'message', at: Date.now(), channel: 'simulator', text: 'hi' },
        },
        true,
      );
      expect(await acc.replies).toMatchObject({
        status: 'error',
        error: 'snapshot_version_unknown',
      });
      const { rows } = await t.db.query<{ status: string; error: string }>(
        `SELECT status, error FROM t_demo.inbox WHERE event_id = 'test:future'`,
      );
      expect(rows[0]!.status).toBe('dead');
      expect(rows[0]!.error).toMatch(/version 99/);
      const ok = await simulate(rt.http.url, { from: '+254722000005', text: 'still fine' });
      expect(ok.body.replies[0]!.text).toBe('#1 still fine');
    } finally {
      await rt.stop();
    }
  });
});

describe('passivation', () => {
  it('a rehydrated actor behaves exactly like one that never left memory', async () => {
    const rt = await startTestRuntime(t.url, { RATIBA_IDLE_PASSIVATE_MS: '100' });
    try {
      const script = ['hi', 'remind 60', 'there', 'cancel', 'call x', 'tell owner y', 'bye'];
      const hot: string[] = [];
      const cold: string[] = [];
      const hotFrom = '+254722000006';
      const coldFrom = '+254722000007';
      let hotThread = '';
      let coldThread = '';
      for (const text of script) {
        const h = await simulate(rt.http.url, { from: hotFrom, text });
        hot.push(...h.body.replies.map((r) => r.text));
        hotThread = h.body.thread;
      }
      for (const text of script) {
        await eventually(() => Promise.resolve(rt.supervisor.residentActors === 0), 5000, 20);
        const c = await simulate(rt.http.url, { from: coldFrom, text });
        cold.push(...c.body.replies.map((r) => r.text));
        coldThread = c.body.thread;
      }
      expect(cold).toEqual(hot);
      const snaps = await t.db.query<{
        thread_key: string;
        snapshot: { value: unknown; context: Record<string, unknown> };
      }>(`SELECT thread_key, snapshot FROM t_demo.actor_snapshots WHERE thread_key = ANY($1)`, [
        [hotThread, coldThread],
      ]);
      const by = new Map(snaps.rows.map((r) => [r.thread_key, r.snapshot]));
      const strip = (s: { value: unknown; context: Record<string, unknown> }) => ({
        ...s,
        context: { ...s.context, threadKey: null },
      });
      expect(strip(by.get(coldThread)!)).toEqual(strip(by.get(hotThread)!));
      const metrics = await (await fetch(`${rt.http.url}/metrics`)).text();
      const restored = Number(/ratiba_rehydrations_total (\d+)/.exec(metrics)![1]);
      expect(restored).toBeGreaterThanOrEqual(script.length - 1);
      // Each restore timed in the turn path (what the benchmark's rehydration figure reads).
      const timed = /ratiba_rehydration_seconds_count (\d+)/.exec(metrics);
      expect(Number(timed?.[1])).toBe(restored);
      expect(
        Number(/ratiba_rehydration_seconds_sum ([\d.e-]+)/.exec(metrics)?.[1]),
      ).toBeGreaterThan(0);
    } finally {
      await rt.stop();
    }
  });
});
