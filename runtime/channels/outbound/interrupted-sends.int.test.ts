/**
 * Duplicate sends (issue 17): a send whose process was killed (or stalled past the lease) after
 * Meta accepted it, before the accept was recorded. Regression: the effect re-claimed after the
 * lease (or released by the shard's new owner) was sent again at once, and every reply in
 * flight at a `kill -9` could reach the customer twice. Now such a re-run waits for the status
 * webhook that carries its effect in `biz_opaque_callback_data`; it sends nothing when the
 * status came, and sends again only after `RATIBA_UNKNOWN_SEND_WAIT_MS` without it.
 *
 * The dead run is written as the database shows it after a crash: the effect claimed once by a
 * process that no longer renews the claim (its lease ran out), its outcome never recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelEnv, waText } from '../../../test-support/channel-test-kit';
import { statusWebhook } from '../../../test-support/status-echo';

type SendBody = { to: string; biz_opaque_callback_data?: string };

async function withEnv(waitMs: number) {
  const env = await startChannelEnv((f) => f, { RATIBA_UNKNOWN_SEND_WAIT_MS: String(waitMs) });
  const sendsTo = (waId: string) =>
    env.graph
      .sends()
      .map((r) => r.json as SendBody)
      .filter((b) => b.to === waId);
  /** A reply of a new thread, sent; then that reply again as an effect a dead process ran. */
  const interruptedSend = async (waId: string) => {
    expect(
      (await env.post('/webhooks/whatsapp', waText(`wamid.I${waId}`, waId, 'hi'))).status,
    ).toBe(200);
    await expect.poll(() => sendsTo(waId).length, { timeout: 15_000 }).toBeGreaterThan(0);
    // The reply's effect, named by its callback data; copied as the effect a dead process ran,
    // once the thread's replies are all out.
    const first = /^ratiba:(\d+):message$/.exec(sendsTo(waId)[0]!.biz_opaque_callback_data ?? '');
    const reply = Number(first?.[1]);
    const pending = async () =>
      (
        await env.t.db.query(
          `SELECT 1 FROM t_demo.outbox WHERE status = 'pending'
             AND thread_key = (SELECT thread_key FROM t_demo.outbox WHERE id = $1)`,
          [reply],
        )
      ).rowCount;
    await expect.poll(pending, { timeout: 15_000 }).toBe(0);
    const before = sendsTo(waId).length;
    const at = Date.now();
    const { rows } = await env.t.db.query<{ id: string }>(
      `INSERT INTO t_demo.outbox (thread_key, shard, kind, payload, idempotency_key, attempts, locked_until, locked_by)
       SELECT thread_key, shard, kind, payload, idempotency_key || ':dead', 1, now() - interval '1 second', 'gone'
       FROM t_demo.outbox WHERE id = $1
       RETURNING id`,
      [reply],
    );
    return { id: Number(rows[0]!.id), at, before };
  };
  const effect = async (id: number) =>
    (
      await env.t.db.query<{ status: string; last_error: string | null; result: unknown }>(
        `SELECT status, last_error, result FROM t_demo.outbox WHERE id = $1`,
        [id],
      )
    ).rows[0]!;
  return { env, sendsTo, interruptedSend, effect };
}

/** The env of the enclosing describe block: started before its tests, stopped after them. */
function envOfBlock(waitMs: number): () => Awaited<ReturnType<typeof withEnv>> {
  let rig: Awaited<ReturnType<typeof withEnv>> | undefined;
  beforeAll(async () => {
    rig = await withEnv(waitMs);
  });
  afterAll(() => rig?.env.stop());
  return () => rig!;
}

describe('a send interrupted between the accept and its record', () => {
  const envOf = envOfBlock(120_000);

  it('is not sent again: it waits, and its status webhook ends the wait', async () => {
    const slow = envOf();
    const waId = '254712000401';
    const { id, before } = await slow.interruptedSend(waId);
    // Re-claimed (its lease ran out) and put back to wait for evidence, not sent.
    await expect
      .poll(async () => (await slow.effect(id)).last_error, { timeout: 15_000 })
      .toMatch(/interrupted send: waiting for its status/);
    expect(slow.sendsTo(waId)).toHaveLength(before);
    // Meta's status for the message the dead process got accepted, echoing the callback data.
    const status = statusWebhook([
      {
        id: 'wamid.DEAD-1',
        status: 'sent',
        timestamp: '1767341200',
        recipient_id: waId,
        biz_opaque_callback_data: `ratiba:${id}:message`,
      },
    ]);
    expect((await slow.env.post('/webhooks/whatsapp', JSON.stringify(status))).status).toBe(200);
    // Done long before the 120 s wait: the status made it due, and the re-run found the delivery.
    await expect.poll(async () => (await slow.effect(id)).status, { timeout: 15_000 }).toBe('done');
    expect((await slow.effect(id)).result).toEqual({ wamid: 'wamid.DEAD-1' });
    expect(slow.sendsTo(waId)).toHaveLength(before);
  });
});

describe('a send interrupted, whose status never comes', () => {
  const envOf = envOfBlock(1500);

  it('is sent again once the wait is over (at least once is kept)', async () => {
    const quick = envOf();
    const waId = '254712000402';
    const { id, at, before } = await quick.interruptedSend(waId);
    await expect
      .poll(async () => (await quick.effect(id)).status, { timeout: 15_000 })
      .toBe('done');
    // Not before the wait: claimed after `at`, then held back 1.5 s.
    expect(Date.now() - at).toBeGreaterThanOrEqual(1500);
    const sends = quick.sendsTo(waId);
    expect(sends).toHaveLength(before + 1);
    expect(sends.at(-1)!.biz_opaque_callback_data).toBe(`ratiba:${id}:message`);
  });
});
