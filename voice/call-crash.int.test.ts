import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TENANT_FILE } from '../runtime/config';
import { createTestDatabase, type TestDatabase } from '../test-support/test-database';
import { eventually } from '../test-support/test-runtime';
import { spawnNode, type NodeProcess } from '../test-support/spawn-node';
import { HttpTurnBridge } from './http-bridge';
import type { CallInfo } from './ports';

/**
 * The backend is SIGKILLed in the middle of a call, right after an utterance was stored: the
 * call's worker re-sends what it had no answer for (same call id and sequence number), and every
 * turn of the call is applied exactly once, in order, on the restarted process.
 */
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

const env = () => ({
  DATABASE_URL: t.url,
  RATIBA_DEMO_TENANT: DEMO_TENANT_FILE,
  RATIBA_SHARDS: '8',
  RATIBA_SIMULATOR: '1',
  RATIBA_OUTBOX_POLL_MS: '100',
  RATIBA_LEASE_TTL_MS: '2000',
  RATIBA_REPLY_TIMEOUT_MS: '5000',
});

describe('kill -9 during a call', () => {
  it('loses no acknowledged turn and applies none twice', async () => {
    const call: CallInfo = { tenant: 'demo', from: '+254712700001', callId: 'crash-1' };
    const a: NodeProcess = await spawnNode(env());
    const onA = new HttpTurnBridge(a.url);
    await onA.start(call);
    const first = await onA.say(call, { seq: 1, text: 'I want a haircut' });
    expect(first.replies.at(-1)?.text).toMatch(/Who would you like/);
    // Turn 2 is stored, then the process dies before (or while) answering it.
    const pending = onA.say(call, { seq: 2, text: 'Wanjiku' }).catch(() => 'lost');
    await eventually(async () => {
      const { rows } = await t.db.query(
        `SELECT 1 FROM t_demo.inbox WHERE event_id = 'sim:crash-1:2'`,
      );
      return rows.length === 1;
    });
    a.proc.kill('SIGKILL');
    await a.exited;
    await pending;

    const b = await spawnNode(env());
    try {
      const onB = new HttpTurnBridge(b.url);
      // The worker re-sends the turn it had no answer for: a no-op for the inbox.
      await onB.say(call, { seq: 2, text: 'Wanjiku' });
      const third = await onB.say(call, { seq: 3, text: 'Friday at 3pm' });
      expect(third.status).toBe('ok');
      await onB.end(call, { reason: 'hangup' });
      const journal = await eventually(async () => {
        const { rows } = await t.db.query<{ event_id: string; seq: number }>(
          `SELECT i.event_id, j.seq FROM t_demo.journal j JOIN t_demo.inbox i ON i.id = j.inbox_id
            WHERE i.event_id LIKE 'sim:crash-1:%' ORDER BY j.seq`,
        );
        return rows.length >= 5 ? rows : undefined;
      }, 20_000);
      expect(journal.map((r) => r.event_id)).toEqual([
        'sim:crash-1:started',
        'sim:crash-1:1',
        'sim:crash-1:2',
        'sim:crash-1:3',
        'sim:crash-1:ended',
      ]);
      // Turn 2 ("Wanjiku") counted: the search was for Wanjiku.
      const { rows } = await t.db.query<{ payload: { staffId?: string } }>(
        `SELECT payload FROM t_demo.outbox WHERE kind = 'availability.search' ORDER BY id DESC LIMIT 1`,
      );
      expect(rows[0]?.payload.staffId).toBe('wanjiku');
    } finally {
      b.proc.kill('SIGTERM');
      await b.exited;
    }
  }, 90_000);
});
