/**
 * Duplicate sends with a slow Graph API (issue 17): the probe had Meta answer after 11 s,
 * past our 10 s send deadline, and 11 of 30 replies reached the customer 2-4 times. The same run
 * here, time scaled down (the fake answers the first 30 sends 1.5 s after they came in), counting
 * sends per effect (`biz_opaque_callback_data`) at the fake Graph API in three set-ups:
 * - the old behaviour (a deadline shorter than the answer, a timed-out send resent at once): the
 *   control, which shows the count sees duplicates;
 * - a deadline longer than the slow answer (production: 30 s): the answer is seen;
 * - a deadline shorter than the answer, with Meta's status webhooks: the send's outcome is
 *   unknown, it waits for its status, the status shows it went out, it is not sent again.
 */
import { describe, expect, it } from 'vitest';
import { startStatusEcho } from '../../../test-support/status-echo';
import { useChannelEnv, waText, type ChannelEnv } from '../../../test-support/channel-test-kit';

const CUSTOMERS = 30;
const SLOW_MS = 1500;

/** 30 customers write at once; the first 30 sends are answered slowly; what was sent per reply. */
async function slowRun(env: ChannelEnv, prefix: string): Promise<number[]> {
  env.graph.slowNextSends(CUSTOMERS, SLOW_MS);
  const waIds = Array.from(
    { length: CUSTOMERS },
    (_, i) => `${prefix}${String(i).padStart(3, '0')}`,
  );
  const acks = await Promise.all(
    waIds.map((waId, i) =>
      env.post('/webhooks/whatsapp', waText(`wamid.${prefix}.${i}`, waId, 'hi')),
    ),
  );
  expect(acks.map((r) => r.status)).toEqual(waIds.map(() => 200));
  const ours = new Set(waIds);
  const pending = async () =>
    Number(
      (
        await env.t.db.query<{ n: string }>(
          `SELECT count(*) AS n FROM t_demo.outbox WHERE kind = 'message.send' AND status = 'pending'`,
        )
      ).rows[0]!.n,
    );
  const replied = () =>
    new Set(
      env.graph
        .sends()
        .map((r) => (r.json as { to: string }).to)
        .filter((to) => ours.has(to)),
    ).size;
  await expect.poll(replied, { timeout: 30_000 }).toBe(CUSTOMERS);
  await expect.poll(pending, { timeout: 30_000 }).toBe(0);
  const perEffect = new Map<string, number>();
  for (const r of env.graph.sends()) {
    const body = r.json as { to: string; biz_opaque_callback_data?: string };
    if (!ours.has(body.to)) continue;
    const key = body.biz_opaque_callback_data ?? '(none)';
    perEffect.set(key, (perEffect.get(key) ?? 0) + 1);
  }
  expect(perEffect.has('(none)')).toBe(false);
  return [...perEffect.values()];
}

const duplicates = (counts: number[]) => counts.reduce((sum, n) => sum + n - 1, 0);

describe('a Graph API slower than our send deadline, timed-out sends resent at once (control)', () => {
  const env = useChannelEnv((f) => f, {
    RATIBA_SEND_TIMEOUT_MS: '1000',
    RATIBA_UNKNOWN_SEND_WAIT_MS: '0',
  });
  it('sends replies twice: the count sees duplicates', async () => {
    const counts = await slowRun(env, '254713000');
    expect(counts.length).toBeGreaterThanOrEqual(CUSTOMERS);
    expect(duplicates(counts)).toBeGreaterThanOrEqual(CUSTOMERS);
  });
});

describe('a send deadline longer than the slow answer', () => {
  const env = useChannelEnv((f) => f, { RATIBA_SEND_TIMEOUT_MS: '4000' });
  it('sends every reply once', async () => {
    const counts = await slowRun(env, '254713100');
    expect(counts.length).toBeGreaterThanOrEqual(CUSTOMERS);
    expect(duplicates(counts)).toBe(0);
  });
});

describe('an answer past the deadline, with Meta status webhooks', () => {
  const env = useChannelEnv((f) => f, {
    RATIBA_SEND_TIMEOUT_MS: '1000',
    RATIBA_UNKNOWN_SEND_WAIT_MS: '8000',
  });
  it('waits for the status instead of resending: every reply once', async () => {
    // Statuses posted 2-4 s after the send came in: after our deadline, inside the wait.
    const echo = startStatusEcho(() => [{ url: env.rt.http.url, alive: true }], 2000);
    env.onGraphSend(echo.onSend);
    try {
      const counts = await slowRun(env, '254713200');
      expect(counts.length).toBeGreaterThanOrEqual(CUSTOMERS);
      expect(duplicates(counts)).toBe(0);
      expect(echo.acknowledged).toBeGreaterThanOrEqual(CUSTOMERS);
    } finally {
      echo.close();
    }
  });
});
