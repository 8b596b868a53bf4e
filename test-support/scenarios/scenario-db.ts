import type { OutboundMessage } from '../../contract';
import type { Runtime } from '../../runtime/app';
import { toIsoInZone } from '../../booking/wall-clock';
import type { Queryable } from '../../contract/queryable';
import { ident, type TenantSchema } from '../../contract/schema-name';
import { customerByPhone } from '../../runtime/stores/customers';
import { matches } from './reply-match';
import type { ScenarioCustomer } from './scenario-loader';
import type { AppointmentExpect, Scenario } from './scenario-schema';

/**
 * The database side of a scenario: `given` (seeded before the first turn) and `then` (checked
 * after the last). Seeded appointments belong to a customer outside the scenario unless they
 * name one, and `then.appointments` lists only the scenario customers' appointments.
 */

/** The customer who holds seeded appointments nobody in the scenario owns. */
export const OTHER_CUSTOMER_PHONE = '+254700999001';

export async function seedGiven(
  q: Queryable,
  schema: TenantSchema,
  given: NonNullable<Scenario['given']>,
  customers: readonly ScenarioCustomer[],
): Promise<void> {
  const s = ident(schema);
  for (const a of given.appointments) {
    const phone = customers.find((c) => c.name === a.customer)?.phone ?? OTHER_CUSTOMER_PHONE;
    const customerId = await customerByPhone(q, schema, phone, 'simulator');
    const { rowCount } = await q.query(
      `INSERT INTO ${s}.appointments (customer_id, staff_id, service_id, start_at, end_at,
         buffer_end_at, status, source_channel, price_kes_minor, cancelled_at)
       SELECT $1, $2, v.id, $3::timestamptz, e.end_at, e.end_at + v.buffer_min * interval '1 minute',
              $5, 'seed', v.price_kes_minor, CASE WHEN $5 = 'cancelled' THEN now() END
       FROM ${s}.services v,
            LATERAL (SELECT COALESCE($4::timestamptz,
                       $3::timestamptz + v.duration_min * interval '1 minute') AS end_at) e
       WHERE v.id = $6`,
      [customerId, a.staff, a.start, a.end ?? null, a.status, a.service],
    );
    if (rowCount !== 1) throw new Error(`given: no service ${a.service}`);
  }
  for (const b of given.blocks) {
    await q.query(
      `INSERT INTO ${s}.blocks (staff_id, start_at, end_at, reason, source)
       VALUES ($1, $2, $3, $4, 'admin')`,
      [b.staff ?? null, b.start, b.end, b.reason ?? 'scenario'],
    );
  }
}

/** Waits until the tenant has no unprocessed inbox rows and no effects left to run. */
export async function waitQuiet(q: Queryable, schema: TenantSchema, timeoutMs = 10_000) {
  const s = ident(schema);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await q.query<{ n: string }>(
      `SELECT (SELECT count(*) FROM ${s}.inbox WHERE status = 'pending')
            + (SELECT count(*) FROM ${s}.outbox WHERE status = 'pending') AS n`,
    );
    if (Number(rows[0]!.n) === 0) return;
    if (Date.now() > deadline)
      throw new Error(`${rows[0]!.n} events or effects still pending after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Fires every timer due by `now` and waits for the turns they cause. A poll of the timer service
 * may be firing at the same moment (then `fireDue` returns at once and that poll's transaction
 * commits whenever it does), so this loops until one snapshot shows no due timer and nothing
 * pending: a timer taken by a poll that has not committed is still visible as due, and once it
 * commits its inbox row is visible as pending, so no instant between the two reads as quiet.
 */
export async function settleTimers(
  runtime: Runtime,
  schema: TenantSchema,
  now: number,
  timeoutMs = 10_000,
): Promise<void> {
  const s = ident(schema);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await runtime.timers.fireDue();
    await waitQuiet(runtime.db, schema, timeoutMs);
    const { rows } = await runtime.db.query<{ due: string; pending: string }>(
      `SELECT (SELECT count(*) FROM ${s}.timers WHERE fire_at <= to_timestamp($1::float8 / 1000)) AS due,
              (SELECT count(*) FROM ${s}.inbox WHERE status = 'pending')
            + (SELECT count(*) FROM ${s}.outbox WHERE status = 'pending') AS pending`,
      [now],
    );
    const { due, pending } = rows[0]!;
    if (Number(due) === 0 && Number(pending) === 0) return;
    if (Date.now() > deadline) throw new Error(`${due} due timers never fired`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Where each thread's journal stood (thread key -> last committed seq): the replies of a step are
 * read from the journal after it. The journal, not the outbox: simulator replies get no outbox
 * row (issue 19), and every reply a turn sent is in its journal row's `effects`.
 */
export type ReplyMark = ReadonlyMap<string, number>;

export async function replyMark(q: Queryable, schema: TenantSchema): Promise<ReplyMark> {
  const { rows } = await q.query<{ thread_key: string; seq: string }>(
    `SELECT thread_key, max(seq) AS seq FROM ${ident(schema)}.journal GROUP BY thread_key`,
  );
  return new Map(rows.map((r) => [r.thread_key, Number(r.seq)]));
}

/**
 * The replies a thread's turns sent after `mark`, in order (turn by turn, then as each turn
 * emitted them): on every channel, as the outbox's `message.send` rows had them.
 */
export async function sentSince(
  q: Queryable,
  schema: TenantSchema,
  threadKey: string,
  mark: ReplyMark,
): Promise<OutboundMessage[]> {
  const { rows } = await q.query<{ message: OutboundMessage }>(
    `SELECT fx.effect->'message' AS message
     FROM ${ident(schema)}.journal j, jsonb_array_elements(j.effects) WITH ORDINALITY fx(effect, i)
     WHERE j.thread_key = $1 AND j.seq > $2 AND fx.effect->>'type' = 'reply'
     ORDER BY j.seq, fx.i`,
    [threadKey, mark.get(threadKey) ?? 0],
  );
  return rows.map((r) => r.message);
}

interface AppointmentRow {
  phone: string;
  service_id: string;
  staff_id: string;
  start_at: Date;
  status: string;
  rescheduled_from: string | null;
}

function describeAppointment(
  r: AppointmentRow,
  customers: readonly ScenarioCustomer[],
  tz: string,
) {
  const who = customers.find((c) => c.phone === r.phone)?.name ?? r.phone;
  const moved = r.rescheduled_from ? ' (rescheduled)' : '';
  return `${who}: ${r.service_id} with ${r.staff_id} at ${toIsoInZone(r.start_at.getTime(), tz)} ${r.status}${moved}`;
}

function appointmentHolds(
  e: AppointmentExpect,
  r: AppointmentRow,
  customers: readonly ScenarioCustomer[],
) {
  const phone = e.customer && customers.find((c) => c.name === e.customer)?.phone;
  return (
    (phone === undefined || phone === r.phone) &&
    (e.service === undefined || e.service === r.service_id) &&
    (e.staff === undefined || e.staff === r.staff_id) &&
    (e.start === undefined || Date.parse(e.start) === r.start_at.getTime()) &&
    (e.status === undefined || e.status === r.status) &&
    (e.rescheduled === undefined || e.rescheduled === (r.rescheduled_from !== null))
  );
}

/** Flattens an XState state value: `{ active: { conversation: 'idle' } }` -> `active.conversation.idle`. */
export function statePath(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return String(value);
  return Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${k}.${statePath(v)}`)
    .join(',');
}

/** Problems with the database against `then` (none: it holds). */
export async function checkThen(
  q: Queryable,
  schema: TenantSchema,
  timezone: string,
  then: NonNullable<Scenario['then']>,
  customers: readonly ScenarioCustomer[],
  threadKeys: ReadonlyMap<string, string>,
): Promise<string[]> {
  const s = ident(schema);
  const problems: string[] = [];
  if (then.appointments) {
    const { rows } = await q.query<AppointmentRow>(
      `SELECT c.phone, a.service_id, a.staff_id, a.start_at, a.status, a.rescheduled_from
       FROM ${s}.appointments a JOIN ${s}.customers c ON c.id = a.customer_id
       WHERE c.phone = ANY($1::text[]) ORDER BY a.start_at, a.id`,
      [customers.map((c) => c.phone)],
    );
    const actual = rows.map((r) => describeAppointment(r, customers, timezone));
    const expected = then.appointments;
    const ok =
      rows.length === expected.length &&
      expected.every((e, i) => appointmentHolds(e, rows[i]!, customers));
    if (!ok)
      problems.push(
        `appointments: expected ${JSON.stringify(expected)}\n  got: ${actual.length ? actual.join('\n       ') : '(none)'}`,
      );
  }
  for (const [name, t] of Object.entries(then.threads ?? {})) {
    const key = threadKeys.get(name);
    const { rows } = key
      ? await q.query<{ state_value: unknown }>(
          `SELECT state_value FROM ${s}.actor_snapshots WHERE thread_key = $1`,
          [key],
        )
      : { rows: [] };
    const state = rows[0] ? statePath(rows[0].state_value) : '(no thread)';
    if (!matches(t.state, state))
      problems.push(`thread of ${name}: state ${state} does not match ${JSON.stringify(t.state)}`);
  }
  if (then.audit) {
    const { rows } = await q.query<{ action: string }>(
      `SELECT action FROM ${s}.admin_audit ORDER BY id`,
    );
    const actions = rows.map((r) => r.action);
    const ok =
      actions.length === then.audit.length && then.audit.every((p, i) => matches(p, actions[i]!));
    if (!ok)
      problems.push(
        `audit: expected ${JSON.stringify(then.audit)}, got ${JSON.stringify(actions)}`,
      );
  }
  if (then.relays) {
    const { rows } = await q.query<{ text: string | null }>(
      `SELECT event->>'text' AS text FROM ${s}.inbox
       WHERE thread_key LIKE 'a:%' AND event->>'type' = 'relay'
         AND event->>'fromThread' = ANY($1::text[]) ORDER BY id`,
      [[...threadKeys.values()]],
    );
    const texts = rows.map((r) => r.text ?? '');
    const ok =
      texts.length === then.relays.length && then.relays.every((p, i) => matches(p, texts[i]!));
    if (!ok)
      problems.push(
        `relays: expected ${JSON.stringify(then.relays)}, got ${JSON.stringify(texts.map((t) => t.slice(0, 120)))}`,
      );
  }
  return problems;
}

/** The thread of a scenario participant by phone: `a:<id>` for an admin, `c:<id>` otherwise. */
export async function threadKeyByPhone(
  q: Queryable,
  schema: TenantSchema,
  phone: string,
  admin: boolean,
): Promise<string | undefined> {
  const { rows } = await q.query<{ id: string }>(
    `SELECT id FROM ${ident(schema)}.customers WHERE phone = $1`,
    [phone],
  );
  return rows[0] ? `${admin ? 'a' : 'c'}:${rows[0].id}` : undefined;
}
