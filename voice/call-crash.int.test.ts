import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TENANT_FILE } from '../runtime/config';
import { createTestDatabase, type TestDatabase } from '../test-support/test-database';
import { eventually } from '../test-support/test-runtime';
import { spawnNode, type NodeProcess } from '../test-support/spawn-node';
import { HttpTurnBridge } from './http-bridge';
import { LocalCall } from './livekit/local-call';
import { systemClock, type CallInfo, type TurnBridge, type TurnResult } from './ports';
import { DEMO_ROUTE, FakeTts } from './testing/fakes';
import { parserReader } from './testing/reader';

/**
 * The backend is SIGKILLed in the middle of a call (an AgentCall: LiveKit Agents' session),
 * right after an utterance was stored: the call's worker re-sends what it had no answer for (same
 * call id and sequence number) to the restarted process, and every turn of the call is applied
 * exactly once, in order.
 */

/**
 * The worker's way to the backend: a request that fails (the process died) waits for the
 * backend to be back (`backAt`) and is sent again there, unchanged. Records every answer.
 */
class RedialingBridge implements TurnBridge {
  readonly answers = new Map<number, TurnResult>();
  private back!: (url: string) => void;
  private readonly next = new Promise<string>((r) => (this.back = r));
  constructor(private url: string) {}

  backAt(url: string): void {
    this.back(url);
  }

  private async send<T>(run: (b: HttpTurnBridge) => Promise<T>): Promise<T> {
    try {
      return await run(new HttpTurnBridge(this.url));
    } catch {
      this.url = await this.next;
      return run(new HttpTurnBridge(this.url));
    }
  }

  start = (call: CallInfo) => this.send((b) => b.start(call));
  unheard = (call: CallInfo, turn: { seq: number; text: string }) =>
    this.send((b) => b.unheard(call, turn));
  end = (call: CallInfo, info: { reason: 'hangup' | 'agent' | 'error' }) =>
    this.send((b) => b.end(call, info));
  say = async (call: CallInfo, turn: { seq: number; text: string; replyId?: string }) => {
    const answer = await this.send((b) => b.say(call, turn));
    this.answers.set(turn.seq, answer);
    return answer;
  };
}
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
    const bridge = new RedialingBridge(a.url);
    const errors: string[] = [];
    const c = new LocalCall({
      call,
      route: DEMO_ROUTE,
      bridge,
      read: parserReader(),
      tts: new FakeTts(systemClock, 1),
      onError: (err, where) => errors.push(`${where}: ${String(err)}`),
    });
    await c.start();
    await c.say('I want a haircut');
    expect(bridge.answers.get(1)?.replies.at(-1)?.text).toMatch(/Who would you like/);
    // Turn 2 is stored, then the process dies before (or while) answering it.
    const pending = c.say('Wanjiku');
    await eventually(async () => {
      const { rows } = await t.db.query(
        `SELECT 1 FROM t_demo.inbox WHERE event_id = 'sim:crash-1:2'`,
      );
      return rows.length === 1;
    });
    a.proc.kill('SIGKILL');
    await a.exited;

    const b = await spawnNode(env());
    try {
      // The worker re-sends the turn it had no answer for: a no-op for the inbox.
      bridge.backAt(b.url);
      await pending;
      await c.say('Friday at 3pm');
      expect(bridge.answers.get(3)?.status).toBe('ok');
      await c.hangUp();
      expect(errors).toEqual([]);
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
