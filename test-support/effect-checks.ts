import type { FakeGraphServer } from '../adapters/whatsapp/testing';
import type { Database } from '../runtime/db/database';
import { customerIdOf } from '../runtime/supervisor/thread-key';
import type { TestEffectSink } from './effect-sink';

/**
 * What the cluster fault tests check of the effects: every outbox row's idempotency key at the
 * fake provider (the effect sink), and the WhatsApp replies at the fake Graph API.
 */

export interface EffectCheck {
  /** Outbox rows `done`. */
  done: number;
  /** Distinct idempotency keys the fake provider accepted. */
  accepted: number;
  /** Reports beyond the first of a key (effects re-run after a crash, with the same key). */
  repeats: number;
  /** `done` rows whose key never reached the provider. */
  missing: string[];
  /** Keys the provider got that belong to no outbox row, or to another row than reported. */
  foreign: string[];
}

/**
 * Every effect's idempotency key against the fake provider: each `done` outbox row's key reached
 * it, no key came from anywhere else, and a repeat (an effect run again after a crash) carried
 * the same key for the same row, so a provider honouring keys carried each effect out once.
 */
export async function checkEffects(db: Database, sink: TestEffectSink): Promise<EffectCheck> {
  const { rows } = await db.query<{ id: number; idempotency_key: string; status: string }>(
    `SELECT id, idempotency_key, status FROM t_demo.outbox`,
  );
  const rowOf = new Map(rows.map((r) => [r.idempotency_key, r]));
  const done = rows.filter((r) => r.status === 'done');
  return {
    done: done.length,
    accepted: sink.received.size,
    repeats: sink.reports.length - sink.received.size,
    missing: done
      .filter((r) => !sink.received.has(r.idempotency_key))
      .map((r) => r.idempotency_key),
    foreign: sink.reports
      .filter((r) => Number(rowOf.get(r.key)?.id) !== Number(r.outboxId))
      .map((r) => r.key),
  };
}

export interface GraphCheck {
  /** WhatsApp replies (outbox `message.send` rows) done. */
  replies: number;
  /** Done replies that never reached the Graph API. */
  missing: string[];
  /** Phones whose replies arrived in another order than their outbox rows (first arrivals). */
  outOfOrder: string[];
  /** Sends beyond the first of a reply (a re-run after a crash between send and record). */
  repeats: number;
  /** Outbox rows of any kind given up (`dead`). */
  dead: { id: number; kind: string; lastError: string | null }[];
}

/**
 * The WhatsApp replies against the fake Graph API: each done reply reached it, the replies of
 * each customer arrived in their outbox order, and how many were sent more than once.
 */
export async function checkGraph(db: Database, graph: FakeGraphServer): Promise<GraphCheck> {
  const { rows } = await db.query<{
    id: number;
    thread_key: string;
    text: string | null;
    status: string;
  }>(
    `SELECT id, thread_key, payload->'message'->>'text' AS text, status FROM t_demo.outbox
     WHERE kind = 'message.send' AND payload->>'channel' = 'whatsapp' ORDER BY id`,
  );
  const { rows: customers } = await db.query<{ id: number; phone: string | null }>(
    `SELECT id, phone FROM t_demo.customers`,
  );
  const phoneOf = new Map(customers.map((c) => [Number(c.id), c.phone?.replace(/^\+/, '')]));
  const expected = new Map<string, string[]>();
  for (const r of rows) {
    if (r.status !== 'done') continue;
    const phone = phoneOf.get(customerIdOf(r.thread_key) ?? -1) ?? r.thread_key;
    expected.set(phone, [...(expected.get(phone) ?? []), r.text ?? '']);
  }
  const arrived = new Map<string, string[]>();
  let sends = 0;
  for (const s of graph.sends()) {
    const body = s.json as { to?: string; text?: { body?: string } };
    if (!body.to || body.text?.body === undefined) continue;
    sends++;
    const list = arrived.get(body.to) ?? [];
    if (!list.includes(body.text.body)) list.push(body.text.body);
    arrived.set(body.to, list);
  }
  const check: GraphCheck = { replies: 0, missing: [], outOfOrder: [], repeats: 0, dead: [] };
  let distinct = 0;
  for (const list of arrived.values()) distinct += list.length;
  check.repeats = sends - distinct;
  for (const [phone, texts] of expected) {
    check.replies += texts.length;
    const got = arrived.get(phone) ?? [];
    for (const text of texts) if (!got.includes(text)) check.missing.push(`${phone}: ${text}`);
    const firsts = got.filter((x) => texts.includes(x));
    if (firsts.join('\n') !== texts.filter((x) => got.includes(x)).join('\n'))
      check.outOfOrder.push(phone);
  }
  const { rows: dead } = await db.query<{ id: number; kind: string; last_error: string | null }>(
    `SELECT id, kind, last_error FROM t_demo.outbox WHERE status = 'dead' ORDER BY id LIMIT 20`,
  );
  check.dead = dead.map((d) => ({ id: Number(d.id), kind: d.kind, lastError: d.last_error }));
  return check;
}
