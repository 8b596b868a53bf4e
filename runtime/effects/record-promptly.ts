import { tenantSchema } from '../../contract';
import type { Database } from '../db/database';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { recordOutcomes, type EffectOutcome, type RecordedOutcomes } from '../stores/outbox';

/** Waits between tries to record outcomes: about 15 s in all, within half the default lease. */
const RETRY_DELAYS_MS = [50, 200, 500, 1000, 2000, 4000, 8000];

/**
 * Records a dispatched batch's outcomes, trying again promptly when that fails (a lost
 * connection, a failover): the effects were carried out, and left claimed they would wait for the
 * lease (a minute) before anyone learned it, and then be carried out again. Recording is
 * idempotent (result events have fixed ids). Only while the claims hold: past half the lease,
 * another loop may claim them, so the error is thrown and the claims expire as before.
 */
export async function recordPromptly(
  deps: { db: Database; metrics: Metrics; log: Logger },
  slug: string,
  outcomes: EffectOutcome[],
  leaseMs: number,
): Promise<RecordedOutcomes> {
  if (outcomes.length === 0) return { woken: [], more: [] };
  const until = Date.now() + leaseMs / 2;
  for (let attempt = 1; ; attempt++) {
    try {
      return await recordOutcomes(deps.db, tenantSchema(slug), outcomes);
    } catch (err) {
      const delayMs = RETRY_DELAYS_MS[attempt - 1];
      if (delayMs === undefined || Date.now() + delayMs > until) throw err;
      deps.metrics.outboxAttempts.inc({ kind: 'outcomes', result: 'record_retry' });
      deps.log.warn(
        { err, tenant: slug, attempt, delayMs },
        'recording effect outcomes failed; retrying',
      );
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
}
