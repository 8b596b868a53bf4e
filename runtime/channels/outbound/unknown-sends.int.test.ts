/**
 * Duplicate sends (issue 17). Regression: a Graph API that accepted a reply and then answered 500
 * (or answered after our deadline) had the reply sent again at once: 11 of 30 replies reached
 * the customer 2-4 times. Now such an outcome is "unknown": every send carries its effect as
 * `biz_opaque_callback_data`, the status webhook of a message we sent records the delivery under
 * that effect, and the unknown send is retried only after that evidence failed to come.
 */
import { describe, expect, it } from 'vitest';
import { useChannelEnv, waStatus, waText } from '../../../test-support/channel-test-kit';

const env = useChannelEnv((f) => f, { RATIBA_UNKNOWN_SEND_WAIT_MS: '1500' });

type SendBody = { to: string; biz_opaque_callback_data?: string };

const sendsTo = (waId: string) =>
  env.graph
    .sends()
    .map((r) => r.json as SendBody)
    .filter((b) => b.to === waId);

/** Sends per effect (callback data) to `waId`. */
function perEffect(waId: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const b of sendsTo(waId)) {
    const key = b.biz_opaque_callback_data ?? '(none)';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

const pendingSends = async () =>
  Number(
    (
      await env.t.db.query<{ n: string }>(
        `SELECT count(*) AS n FROM t_demo.outbox WHERE kind = 'message.send' AND status = 'pending'`,
      )
    ).rows[0]!.n,
  );

describe('a send whose outcome is unknown', () => {
  it('is not sent again when the status webhook shows it went out', async () => {
    const waId = '254712000301';
    env.graph.failNextSends(1, 'server_error'); // accepted, then a 500 (as Meta sometimes does)
    expect((await env.post('/webhooks/whatsapp', waText('wamid.U1', waId, 'hi'))).status).toBe(200);
    await expect.poll(() => sendsTo(waId).length, { timeout: 10_000 }).toBeGreaterThan(0);
    const first = sendsTo(waId)[0]!;
    expect(first.biz_opaque_callback_data).toMatch(/^ratiba:/);
    // Meta's status for the message it did accept, echoing the callback data.
    const status = JSON.parse(waStatus('wamid.OUT-U1', waId, 'sent')) as {
      entry: { changes: { value: { statuses: Record<string, unknown>[] } }[] }[];
    };
    status.entry[0]!.changes[0]!.value.statuses[0]!.biz_opaque_callback_data =
      first.biz_opaque_callback_data;
    expect((await env.post('/webhooks/whatsapp', JSON.stringify(status))).status).toBe(200);

    await expect.poll(pendingSends, { timeout: 15_000 }).toBe(0);
    expect([...perEffect(waId).values()].every((n) => n === 1)).toBe(true);
    const d = await env.t.db.query<{ status: string; outbox_id: number | null }>(
      `SELECT status, outbox_id FROM t_demo.deliveries WHERE provider_message_id = 'wamid.OUT-U1'`,
    );
    expect(d.rows[0]).toMatchObject({ status: 'sent', outbox_id: expect.any(Number) as unknown });
  });

  it('is sent again once the evidence failed to come (at least once is kept)', async () => {
    const waId = '254712000302';
    env.graph.failNextSends(1, 'server_error');
    const started = Date.now();
    expect((await env.post('/webhooks/whatsapp', waText('wamid.U2', waId, 'hi'))).status).toBe(200);
    await expect.poll(() => sendsTo(waId).length, { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(pendingSends, { timeout: 15_000 }).toBe(0);
    const counts = perEffect(waId);
    expect([...counts.values()].sort()).toContain(2); // the unknown one, resent
    expect([...counts.values()].filter((n) => n > 2)).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500); // not before the wait
  });
});
