import type { ChatAuthor, InboxState, LastMessage, ThreadInboxFields } from '../../contract';
import { ident, type Queryable, queryRows, type TenantSchema } from '../../contract';
import { maskPhonesIn } from './pii-mask';

/** A state value in which the thread waits for, or is with, a person (see thread-queries). */
export const HUMAN_STATE = `'"(handedOff|waitingHuman|needsHuman|human[A-Za-z]*)"'`;
/** Unread counts stop here (the badge says 99+). */
export const UNREAD_CAP = 100;

interface Row {
  thread_key: string;
  display_name: string | null;
  assignee: string | null;
  assignee_name: string | null;
  assigned_ms: number | null;
  resolved_ms: number | null;
  resolved_by: string | null;
  read_seq: number | null;
  unread: number;
  lm_type: string | null;
  lm_in_text: string | null;
  lm_reply_text: string | null;
  lm_ms: number | null;
  waiting_ms: number | null;
  handoff_ms: number | null;
}

const ms = (col: string) => `(extract(epoch FROM ${col}) * 1000)::bigint`;

/**
 * The inbox side of a page of threads, for one operator: the customer's name, the last line of
 * the conversation, who has the thread, since when it needs a person, and how many customer
 * messages this operator has not read. One query for the whole page.
 */
export async function inboxFields(
  q: Queryable,
  schema: TenantSchema,
  threads: { threadKey: string; needsHuman: boolean }[],
  operator: string,
): Promise<Map<string, ThreadInboxFields>> {
  if (threads.length === 0) return new Map();
  const needs = new Map(threads.map((t) => [t.threadKey, t.needsHuman]));
  const s = ident(schema);
  const fields = await queryRows(
    q,
    `SELECT t.thread_key, c.display_name,
            ca.assignee, ca.assignee_name, ${ms('ca.assigned_at')} AS assigned_ms,
            ${ms('ca.resolved_at')} AS resolved_ms, ca.resolved_by,
            r.seq AS read_seq,
            (SELECT count(*) FROM (SELECT 1 FROM ${s}.journal ju
               WHERE ju.thread_key = t.thread_key AND ju.event_type = 'message'
                 AND ju.seq > COALESCE(r.seq, 0) LIMIT ${UNREAD_CAP}) u)::int AS unread,
            lm.event_type AS lm_type, lm.reply_text AS lm_reply_text,
            lm.at_ms AS lm_ms, lm.in_text AS lm_in_text,
            ws.at_ms AS waiting_ms,
            (a.snapshot #>> '{context,handoff,at}')::bigint AS handoff_ms
     FROM ${s}.threads t
     LEFT JOIN ${s}.customers c ON c.id = t.customer_id
     LEFT JOIN ${s}.actor_snapshots a ON a.thread_key = t.thread_key
     LEFT JOIN ${s}.console_assignments ca ON ca.thread_key = t.thread_key
     LEFT JOIN ${s}.console_reads r ON r.thread_key = t.thread_key AND r.operator = $2
     LEFT JOIN LATERAL (
       SELECT jm.event_type, jm.event->>'text' AS in_text, ${ms('jm.created_at')} AS at_ms,
              (SELECT x.e->'message'->>'text'
                 FROM jsonb_array_elements(jm.effects) WITH ORDINALITY x(e, i)
                 WHERE x.e->>'type' = 'reply' ORDER BY x.i DESC LIMIT 1) AS reply_text
       FROM ${s}.journal jm
       WHERE jm.thread_key = t.thread_key
         AND (jm.event_type IN ('message', 'operator.message')
              OR jm.effects @> '[{"type":"reply"}]'::jsonb)
       ORDER BY jm.seq DESC LIMIT 1) lm ON true
     LEFT JOIN LATERAL (
       SELECT ${ms('jw.created_at')} AS at_ms FROM ${s}.journal jw
       WHERE jw.thread_key = t.thread_key
         AND jw.state_after::text ~ ${HUMAN_STATE}
         AND NOT COALESCE(jw.state_before::text ~ ${HUMAN_STATE}, false)
       ORDER BY jw.seq DESC LIMIT 1) ws ON true
     WHERE t.thread_key = ANY($1::text[])`,
    [threads.map((t) => t.threadKey), operator],
    (r: Row): [string, ThreadInboxFields] => [
      r.thread_key,
      {
        customerName: r.display_name,
        lastMessage: lastMessageOf(r),
        inbox: inboxStateOf(r, needs.get(r.thread_key) ?? false),
      },
    ],
  );
  return new Map(fields);
}

function lastMessageOf(r: Row): LastMessage | null {
  if (r.lm_type === null || r.lm_ms === null) return null;
  const author: ChatAuthor =
    r.lm_type === 'operator.message' ? 'operator' : r.lm_reply_text !== null ? 'bot' : 'customer';
  const text = r.lm_reply_text ?? r.lm_in_text ?? '';
  return { author, text: maskPhonesIn(text.slice(0, 200)), at: Number(r.lm_ms) };
}

export function inboxStateOf(
  r: Pick<
    Row,
    | 'assignee'
    | 'assignee_name'
    | 'assigned_ms'
    | 'resolved_ms'
    | 'resolved_by'
    | 'unread'
    | 'waiting_ms'
    | 'handoff_ms'
  >,
  needsHuman: boolean,
): InboxState {
  const num = (v: number | string | null) => (v === null ? null : Number(v));
  return {
    assignee: r.assignee ? { subject: r.assignee, name: r.assignee_name ?? r.assignee } : null,
    assignedAt: num(r.assigned_ms),
    resolvedAt: num(r.resolved_ms),
    resolvedBy: r.resolved_by,
    waitingSince: needsHuman ? (num(r.waiting_ms) ?? num(r.handoff_ms)) : null,
    unread: r.unread,
  };
}
