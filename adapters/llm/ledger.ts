/**
 * The per-tenant cost ledger: one entry per model call the router makes (every attempt, failed
 * ones included, since a failed call can still be billed), plus one `fallback` entry when a
 * request ended with the embedded parser. The router writes through `LedgerSink` and stays free
 * of I/O; the runtime's sink inserts into the tenant schema (`createTenantLedgerSink`).
 */
import type { LlmTask } from '../../contract';
import type { LlmFailureReason } from './llm-error';
import type { LlmProviderName } from './types';

export type LedgerOutcome = 'ok' | 'error' | 'fallback';

export interface LedgerEntry {
  /** Tenant slug: the entry is written into that tenant's schema. */
  tenant: string;
  /** Groups the attempts of one routed request. */
  routeId: string;
  task: LlmTask;
  provider: LlmProviderName | 'embedded';
  /** The model that answered (as reported), or was asked for when no answer came. */
  model: string;
  /** Pinned prompt version, e.g. `extract.v1`. */
  promptVersion: string;
  /** 1-based, across providers, within one routed request. */
  attempt: number;
  outcome: LedgerOutcome;
  errorCode: LlmFailureReason | null;
  tokensIn: number;
  tokensOut: number;
  cachedTokens: number;
  cacheWriteTokens: number;
  /** Integer micro-USD; null when the model is not in the price table. */
  costUsdMicros: number | null;
  latencyMs: number;
  requestId: string | null;
  threadKey: string | null;
  at: Date;
}

export interface LedgerSink {
  record(entry: LedgerEntry): Promise<void>;
}

/** Keeps entries in memory (tests, and a process with no database). */
export class MemoryLedgerSink implements LedgerSink {
  readonly entries: LedgerEntry[] = [];

  record(entry: LedgerEntry): Promise<void> {
    this.entries.push(entry);
    return Promise.resolve();
  }
}
