import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDarajaServer, type FakeDarajaServer } from '../../adapters/daraja/testing';
import {
  appointmentOf,
  paymentsOf,
  paymentsTenantFile,
  postCallback,
  replyMatching,
} from '../../test-support/payments-kit';
import { spawnNode } from '../../test-support/spawn-node';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database';
import { eventually, simulate } from '../../test-support/test-runtime';

let t: TestDatabase;
let fake: FakeDarajaServer;
let tenantFile: string;

beforeAll(async () => {
  t = await createTestDatabase({ max: 2 });
  fake = await startFakeDarajaServer();
  tenantFile = await paymentsTenantFile();
});
afterAll(async () => {
  await fake?.close();
  await t?.drop();
});

const env = (extra: Record<string, string> = {}) => ({
  DATABASE_URL: t.url,
  RATIBA_DEMO_TENANT: tenantFile,
  DARAJA_BASE_URL: fake.url,
  RATIBA_PUBLIC_URL: 'https://ratiba.example.com',
  RATIBA_SIMULATOR: '1',
  RATIBA_SHARDS: '8',
  RATIBA_TIMER_POLL_MS: '100',
  RATIBA_OUTBOX_POLL_MS: '100',
  RATIBA_OUTBOX_LEASE_MS: '1000',
  RATIBA_LEASE_TTL_MS: '2000',
  RATIBA_REPLY_TIMEOUT_MS: '3000',
  ...extra,
});

describe('kill -9 between the STK push and the callback', () => {
  it('loses nothing and pushes once', async () => {
    const a = await spawnNode(env({ RATIBA_FAULT_POINT: 'payment.after_request' }));
    const from = '+254708374149';
    const offers = await simulate(a.url, {
      from,
      text: 'I want a haircut with Wanjiku tomorrow at 10am',
    });
    const thread = offers.body.thread;
    const ids = (
      offers.body.replies.at(-1) as unknown as { buttons: { id: string }[] }
    ).buttons.map((b) => b.id);
    // A free exact time goes straight to "Shall I book it?" (issue 18); else pick the first slot.
    if (!ids.includes('confirm:yes'))
      await simulate(a.url, { from, text: 'that one', replyId: ids[0]! });
    // The push is accepted and recorded, then the process dies before the effect is marked done.
    await simulate(a.url, { from, text: 'Yes', replyId: 'confirm:yes' }).catch(() => undefined);
    expect((await a.exited).signal).toBe('SIGKILL');
    expect(fake.pushes).toHaveLength(1);
    const push = fake.pushes[0]!;
    expect(push.callbackUrl).toMatch(/^https:\/\/ratiba\.example\.com\/webhooks\/daraja\/[\w-]+$/);
    const appt = (await appointmentOf(t.db, 't_demo', thread))!;
    expect((await paymentsOf(t.db, 't_demo', appt.id)).map((p) => p.status)).toEqual(['pending']);

    const b = await spawnNode(env());
    try {
      // The new process runs the unfinished effect again: it finds its request and sends nothing.
      await eventually(async () => {
        const { rows } = await t.db.query<{ status: string }>(
          `SELECT status FROM t_demo.outbox WHERE thread_key = $1 AND kind = 'payment.request'`,
          [thread],
        );
        return rows[0]?.status === 'done';
      }, 20_000);
      expect(fake.pushes).toHaveLength(1);
      // The customer pays; the callback reaches the new process.
      fake.decide(push.checkoutRequestId, 0);
      const token = push.callbackUrl.split('/').at(-1)!;
      const r = await postCallback(b.url, token, fake.callbackBody(push, 0));
      expect(r.status).toBe(200);
      await replyMatching(t.db, 't_demo', thread, /You're booked!.*Paid KES 400 by M-Pesa/, 15_000);
      expect((await appointmentOf(t.db, 't_demo', thread))!.status).toBe('booked');
      expect(fake.pushes).toHaveLength(1);
    } finally {
      b.proc.kill('SIGTERM');
      await b.exited;
    }
  });
});
