import {
  firstRow,
  ident,
  publicError,
  type JournalEntry,
  type Queryable,
  queryOne,
  queryRows,
  type TenantSchema,
  type ThreadRow,
} from '../../contract';
import { maskPhone } from '../mailbox/phone';

export interface ThreadFilter {
  /** A state path (`active.handedOff`): threads in that state or inside it. */
  state?: string;
  channel?: string;
  needsHuman?: boolean;
  /** Only threads claimed by this operator (subject). */
  assignee?: string;
  cursor?: string;
  limit: number;
}

interface Row {
  thread_key: string;
  kind: 'customer' | 'admin';
  phone: string | null;
  last_channel: string | null;
  shard: number;
  activity_us: number;
  machine: string | null;
  state_value: unknown;
  seq: number | null;
  last_event_type: string | null;
  last_event_ms: number | null;
  needs_human: boolean;
  owner: string | null;
}

/**
 * "Needs a human": a hand-off is under way (the machine's context records it) or the thread sits
 * in a state whose name says it waits for a person (`handedOff`, `waitingHuman`, `offerHuman`).
 */
const NEEDS_HUMAN = (a: string) =>
  `(COALESCE(${a}.snapshot #> '{context,handoff}', 'null'::jsonb) <> 'null'::jsonb
    OR ${a}.state_value::text ~* '"(handedOff|waitingHuman|needsHuman|human[A-Za-z]*)"')`;

const SELECT = (s: string) => `
  SELECT t.thread_key, t.kind, c.phone, t.last_channel, t.shard,
         floor(extract(epoch FROM t.last_event_at) * 1000000)::bigint AS activity_us,
         a.machine, a.state_value, a.seq,
         j.event_type AS last_event_type,
         (extract(epoch FROM j.created_at) * 1000)::bigint AS last_event_ms,
         ${NEEDS_HUMAN('a')} AS needs_human,
         l.owner
  FROM ${s}.threads t
  LEFT JOIN ${s}.customers c ON c.id = t.customer_id
  LEFT JOIN ${s}.actor_snapshots a ON a.thread_key = t.thread_key
  LEFT JOIN LATERAL (
    SELECT event_type, created_at FROM ${s}.journal jj
    WHERE jj.thread_key = t.thread_key ORDER BY jj.seq DESC LIMIT 1
  ) j ON true
  LEFT JOIN public.shard_leases l ON l.shard = t.shard`;

const toSummary = (r: Row): ThreadRow => ({
  threadKey: r.thread_key,
  kind: r.kind,
  customer: r.phone ? maskPhone(r.phone) : null,
  channel: r.last_channel,
  machine: r.machine,
  state: r.state_value,
  seq: r.seq ?? 0,
  lastEventType: r.last_event_type,
  lastEventAt: r.last_event_ms,
  lastActivityAt: Math.floor(r.activity_us / 1000),
  needsHuman: Boolean(r.needs_human),
  shard: r.shard,
  owner: r.owner,
});

export function encodeCursor(activityUs: number, threadKey: string): string {
  return Buffer.from(JSON.stringify([activityUs, threadKey])).toString('base64url');
}

function decodeCursor(cursor: string): [number, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && Number.isSafeInteger(v[0]) && typeof v[1] === 'string')
      return [v[0] as number, v[1]];
  } catch {
    /* fall through */
  }
  throw publicError('bad_request', 'cursor is not valid');
}

/** Newest activity first, keyset-paged, filtered in SQL (lists of 10,000+ threads stay cheap). */
export async function listThreads(
  q: Queryable,
  schema: TenantSchema,
  f: ThreadFilter,
): Promise<{ threads: ThreadRow[]; nextCursor: string | null; total: number }> {
  const s = ident(schema);
  const where: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.channel) where.push(`t.last_channel = ${p(f.channel)}`);
  if (f.needsHuman !== undefined) where.push(`${f.needsHuman ? '' : 'NOT '}${NEEDS_HUMAN('a')}`);
  if (f.assignee)
    where.push(
      `EXISTS (SELECT 1 FROM ${s}.console_assignments ca
               WHERE ca.thread_key = t.thread_key AND ca.assignee = ${p(f.assignee)})`,
    );
  if (f.state) {
    // `a.b.c` matches {a:{b:'c'}} and {a:{b:{c:…}}}; `a` matches 'a' and {a:…}.
    const parts = f.state.split('.');
    const last = parts.pop()!;
    const prefix = p(parts);
    const leaf = p(last);
    where.push(
      `(a.state_value #>> ${prefix}::text[] = ${leaf}
        OR (jsonb_typeof(a.state_value #> ${prefix}::text[]) = 'object'
            AND (a.state_value #> ${prefix}::text[]) ? ${leaf}))`,
    );
  }
  const filtered = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const countSql = `SELECT count(*)::int AS n FROM ${s}.threads t
    LEFT JOIN ${s}.actor_snapshots a ON a.thread_key = t.thread_key ${filtered}`;
  const total = (await firstRow<{ n: number }>(q, countSql, params))?.n ?? 0;

  const pageWhere = [...where];
  if (f.cursor) {
    const [us, key] = decodeCursor(f.cursor);
    pageWhere.push(
      `(floor(extract(epoch FROM t.last_event_at) * 1000000)::bigint, t.thread_key) < (${p(us)}::bigint, ${p(key)})`,
    );
  }
  // Page first (threads + snapshots only), then join the rest for the rows of the page.
  const sql = `${SELECT(s)}
    JOIN (SELECT t.thread_key FROM ${s}.threads t
          LEFT JOIN ${s}.actor_snapshots a ON a.thread_key = t.thread_key
          ${pageWhere.length ? `WHERE ${pageWhere.join(' AND ')}` : ''}
          ORDER BY t.last_event_at DESC, t.thread_key DESC LIMIT ${p(f.limit + 1)}) pg
      ON pg.thread_key = t.thread_key
    ORDER BY activity_us DESC, t.thread_key DESC`;
  const { rows } = await q.query<Row>(sql, params);
  const more = rows.length > f.limit;
  const page = rows.slice(0, f.limit);
  const last = page[page.length - 1];
  return {
    threads: page.map(toSummary),
    nextCursor: more && last ? encodeCursor(last.activity_us, last.thread_key) : null,
    total,
  };
}

export async function getThread(
  q: Queryable,
  schema: TenantSchema,
  threadKey: string,
): Promise<
  (ThreadRow & { customerId: number | null; phone: string | null; snapshot: unknown }) | undefined
> {
  const s = ident(schema);
  return queryOne(
    q,
    `SELECT x.*, t2.customer_id, a2.snapshot FROM (${SELECT(s)} WHERE t.thread_key = $1) x
     JOIN ${s}.threads t2 ON t2.thread_key = x.thread_key
     LEFT JOIN ${s}.actor_snapshots a2 ON a2.thread_key = x.thread_key`,
    [threadKey],
    (r: Row & { customer_id: number | null; snapshot: unknown }) => ({
      ...toSummary(r),
      customerId: r.customer_id,
      phone: r.phone,
      snapshot: r.snapshot,
    }),
  );
}

interface JournalRow {
  seq: number;
  event_type: string;
  event: { channel?: unknown } & Record<string, unknown>;
  state_before: unknown;
  state_after: unknown;
  effects: JournalEntry['effects'];
  outcome: string;
  error: string | null;
  at_ms: number;
}

/** Newest first; `before` pages back by seq. */
export async function readJournal(
  q: Queryable,
  schema: TenantSchema,
  threadKey: string,
  opts: { before?: number; limit: number },
): Promise<JournalEntry[]> {
  return queryRows(
    q,
    `SELECT seq, event_type, event, state_before, state_after, effects, outcome, error,
            (extract(epoch FROM created_at) * 1000)::bigint AS at_ms
     FROM ${ident(schema)}.journal
     WHERE thread_key = $1 AND ($2::bigint IS NULL OR seq < $2)
     ORDER BY seq DESC LIMIT $3`,
    [threadKey, opts.before ?? null, opts.limit],
    (r: JournalRow) => ({
      seq: r.seq,
      eventType: r.event_type,
      event: r.event,
      stateBefore: r.state_before,
      stateAfter: r.state_after,
      effects: r.effects,
      outcome: r.outcome,
      error: r.error,
      channel: typeof r.event.channel === 'string' ? r.event.channel : null,
      at: r.at_ms,
    }),
  );
}
