/**
 * Glue for the payment tests: a demo tenant that takes M-Pesa deposits from the fake Daraja
 * server, a customer who books and reaches the M-Pesa prompt, and readers of what happened.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startFakeDarajaServer,
  type FakeDarajaServer,
  type FakePush,
} from '../adapters/daraja/testing';
import type { Runtime, RuntimeOverrides } from '../runtime/app';
import { DEMO_TENANT_FILE } from '../runtime/config';
import type { Database } from '../runtime/db/database';
import { startFakePesapalServer, type FakePesapalServer } from './fake-pesapal-server';
import { createTestDatabase, type TestDatabase } from './test-database';
import { eventually, simulate, startTestRuntime } from './test-runtime';

/** The Daraja credentials the fake Daraja server accepts (sandbox shortcode). */
export const FAKE_MPESA = {
  shortcode: '174379',
  consumer_key: 'fake-consumer-key',
  consumer_secret: 'fake-consumer-secret',
  passkey: 'fake-passkey',
};

/** The demo tenant file with M-Pesa on (50% deposit, 10-minute holds), under `slug`. */
export async function paymentsTenantFile(
  options: { slug?: string; extra?: string; mpesaExtra?: string; whatsappId?: string } = {},
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ratiba-pay-'));
  let yaml = (await readFile(DEMO_TENANT_FILE, 'utf8')).replace(
    /payments:\n {2}mpesa:\n {4}enabled: false\n/,
    `payments:
  mpesa:
    enabled: true
    shortcode: '174379'
    consumer_key: fake-consumer-key
    consumer_secret: fake-consumer-secret
    passkey: fake-passkey
    deposit_percent: 50
${options.mpesaExtra ?? ''}  hold_minutes: 10
${options.extra ?? ''}`,
  );
  if (options.slug) {
    yaml = yaml
      .replace(/^slug: demo$/m, `slug: ${options.slug}`)
      .replace(
        "phone_number_id: '106540352242922'",
        `phone_number_id: '${options.whatsappId ?? '999'}'`,
      )
      .replace("number: '+254709000100'", "number: '+254709000199'");
  }
  const file = join(dir, `${options.slug ?? 'demo'}.yaml`);
  await writeFile(file, yaml);
  return file;
}

/** Books a haircut with Wanjiku tomorrow at `time` and confirms: the M-Pesa prompt is next. */
export async function bookToPayment(
  url: string,
  from: string,
  time: string,
  tenant = 'demo',
): Promise<{ thread: string; replies: string[]; slotId: string | undefined }> {
  const offers = await simulate(url, {
    tenant,
    from,
    text: `I want a haircut with Wanjiku tomorrow at ${time}`,
  });
  const first = offers.body.replies.at(-1) as { buttons?: { id: string }[] } | undefined;
  const ids = first?.buttons?.map((b) => b.id) ?? [];
  // A free exact time goes straight to "Shall I book it?" (issue 18); otherwise pick the first
  // slot offered.
  const slotId = ids.includes('confirm:yes') ? undefined : ids[0];
  if (!ids.includes('confirm:yes') && !slotId)
    throw new Error(`no slot offered: ${JSON.stringify(offers.body)}`);
  if (slotId) await simulate(url, { tenant, from, text: 'that one', replyId: slotId });
  const confirmed = await simulate(url, { tenant, from, text: 'Yes', replyId: 'confirm:yes' });
  return {
    thread: confirmed.body.thread,
    replies: confirmed.body.replies.map((r) => r.text),
    slotId,
  };
}

/** Every reply text the thread's turns emitted, in order. */
export async function repliesOf(db: Database, schema: string, thread: string): Promise<string[]> {
  const { rows } = await db.query<{ effects: { type: string; message?: { text: string } }[] }>(
    `SELECT effects FROM ${schema}.journal WHERE thread_key = $1 ORDER BY seq`,
    [thread],
  );
  return rows.flatMap((r) =>
    r.effects.flatMap((e) => (e.type === 'reply' && e.message ? [e.message.text] : [])),
  );
}

/** Waits until one of the thread's replies matches. */
export function replyMatching(
  db: Database,
  schema: string,
  thread: string,
  pattern: RegExp,
  timeoutMs = 10_000,
): Promise<string> {
  return eventually(
    async () => (await repliesOf(db, schema, thread)).find((t) => pattern.test(t)),
    timeoutMs,
  );
}

export async function appointmentOf(db: Database, schema: string, thread: string) {
  const { rows } = await db.query<{ id: number; status: string; hold_expires_at: Date | null }>(
    `SELECT id, status, hold_expires_at FROM ${schema}.appointments
     WHERE thread_key = $1 ORDER BY id DESC LIMIT 1`,
    [thread],
  );
  return rows[0];
}

export async function paymentsOf(db: Database, schema: string, appointmentId: number) {
  const { rows } = await db.query<{
    id: number;
    status: string;
    amount_minor: number;
    checkout_id: string | null;
    receipt: string | null;
    reason: string | null;
  }>(
    `SELECT id, status, amount_minor, checkout_id, receipt, reason FROM ${schema}.payments
     WHERE appointment_id = $1 ORDER BY id`,
    [appointmentId],
  );
  return rows;
}

export async function unrouted(db: Database) {
  const { rows } = await db.query<{
    reason: string;
    tenant_slug: string | null;
    checkout_id: string | null;
  }>('SELECT reason, tenant_slug, checkout_id FROM public.payment_callbacks_unrouted ORDER BY id');
  return rows;
}

export async function postCallback(
  url: string,
  token: string,
  body: unknown,
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${url}/webhooks/daraja/${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** A runtime on a fresh database with the payments tenant, and the fake providers it talks to. */
export interface PaymentsRig {
  t: TestDatabase;
  rt: Runtime;
  daraja: FakeDarajaServer;
  pesapal: FakePesapalServer | undefined;
  /** The demo tenant's callback token (its webhook addresses). */
  token: string;
  /** Books to the M-Pesa prompt and waits for the STK push it caused. */
  held(phone: string, time: string): Promise<Held>;
  stop(): Promise<void>;
}

export interface Held {
  thread: string;
  replies: string[];
  /** The slot picked from a list, undefined when the exact time went straight to confirm. */
  slotId: string | undefined;
  push: FakePush;
  appt: { id: number; status: string; hold_expires_at: Date | null };
}

export async function startPaymentsRig(
  options: {
    extra?: string;
    mpesaExtra?: string;
    pesapal?: boolean;
    overrides?: RuntimeOverrides;
  } = {},
): Promise<PaymentsRig> {
  const t = await createTestDatabase({ max: 3 });
  const daraja = await startFakeDarajaServer();
  const pesapal = options.pesapal ? await startFakePesapalServer() : undefined;
  const file = await paymentsTenantFile({
    ...(options.extra !== undefined ? { extra: options.extra } : {}),
    ...(options.mpesaExtra !== undefined ? { mpesaExtra: options.mpesaExtra } : {}),
  });
  const rt = await startTestRuntime(
    t.url,
    {
      RATIBA_DEMO_TENANT: file,
      DARAJA_BASE_URL: daraja.url,
      ...(pesapal ? { PESAPAL_BASE_URL: pesapal.url } : {}),
    },
    options.overrides ?? {},
  );
  const token = (await rt.tenants.get('demo'))!.callbackToken;
  return {
    t,
    rt,
    daraja,
    pesapal,
    token,
    async held(phone, time) {
      const pushes = daraja.pushes.length;
      const b = await bookToPayment(rt.http.url, phone, time);
      const push = await eventually(async () => Promise.resolve(daraja.pushes[pushes]));
      const appt = (await appointmentOf(t.db, `t_demo`, b.thread))!;
      return { thread: b.thread, replies: b.replies, slotId: b.slotId, push, appt };
    },
    async stop() {
      await rt.stop();
      await daraja.close();
      await pesapal?.close();
      await t.drop();
    },
  };
}
