import { ident, type Queryable, type TenantSchema, type ThreadInput } from '../../contract';
import type { ThreadMachineDefinition } from '../../machines';
import { ThreadActor } from '../supervisor/thread-actor';

export interface ReplayResult {
  seq: number;
  /** The snapshot as it was after turn `seq` (value, context, status). */
  snapshot: unknown;
  stateValue: unknown;
  /** First turn whose replayed state differs from the journal's (machine changed since). */
  divergedAt: number | null;
}

/**
 * Time travel: machines are pure and every journaled event is the one the machine saw
 * (enriched, with its `at`), so replaying the journal from the start rebuilds the snapshot as
 * it was after any turn. The journal's own `state_after` is checked on the way.
 */
export async function replayThread(
  q: Queryable,
  schema: TenantSchema,
  def: ThreadMachineDefinition,
  input: ThreadInput,
  uptoSeq: number,
): Promise<ReplayResult> {
  const { rows } = await q.query<{
    seq: number;
    event: { type: string; at: number };
    state_after: unknown;
    outcome: string;
  }>(
    `SELECT seq, event, state_after, outcome FROM ${ident(schema)}.journal
     WHERE thread_key = $1 AND seq <= $2 ORDER BY seq LIMIT 10000`,
    [input.threadKey, uptoSeq],
  );
  const actor = ThreadActor.create(def, input);
  let divergedAt: number | null = null;
  let seq = 0;
  try {
    for (const r of rows) {
      seq = r.seq;
      if (r.outcome !== 'applied') continue;
      const out = actor.run(r.event);
      if (
        divergedAt === null &&
        JSON.stringify(out.stateAfter ?? null) !== JSON.stringify(r.state_after ?? null)
      )
        divergedAt = r.seq;
    }
    return { seq, snapshot: actor.persisted(), stateValue: actor.stateValue, divergedAt };
  } finally {
    actor.stop();
  }
}
