/**
 * The ledger's repository: one INSERT per entry into `<tenant schema>.llm_ledger`
 * (sql/tenant/004_llm_ledger.sql), always parameterized, the schema quoted by the one helper.
 */
import { ident, type Queryable, tenantSchema } from '../../contract';
import type { LedgerEntry, LedgerSink } from '../../adapters/llm';

export function insertLedgerEntry(q: Queryable, entry: LedgerEntry): Promise<unknown> {
  const table = `${ident(tenantSchema(entry.tenant))}.llm_ledger`;
  return q.query(
    `INSERT INTO ${table} (route_id, task, provider, model, prompt_version, attempt, outcome,
       error_code, tokens_in, tokens_out, cached_tokens, cache_write_tokens, cost_usd_micros,
       latency_ms, request_id, thread_key, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
    [
      entry.routeId,
      entry.task,
      entry.provider,
      entry.model,
      entry.promptVersion,
      entry.attempt,
      entry.outcome,
      entry.errorCode,
      entry.tokensIn,
      entry.tokensOut,
      entry.cachedTokens,
      entry.cacheWriteTokens,
      entry.costUsdMicros,
      Math.max(0, Math.round(entry.latencyMs)),
      entry.requestId,
      entry.threadKey,
      entry.at,
    ],
  );
}

/** A `LedgerSink` writing into the tenant schemas of one database. */
export function createTenantLedgerSink(q: Queryable): LedgerSink {
  return {
    async record(entry) {
      await insertLedgerEntry(q, entry);
    },
  };
}
