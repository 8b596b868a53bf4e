/**
 * The pinned prompts: which version of each template the router uses. Moving a task to a new
 * version is a one-line change here, and the ledger's `prompt_version` shows when it happened.
 */
import type { LlmTask } from '../../contract';
import * as adminExtract from './admin-extract.v1';
import * as escalationSummary from './escalation-summary.v1';
import * as extract from './extract.v2';
import * as prefix from './prefix.v1';
import * as priceListVision from './price-list-vision.v1';
import * as shape from './shape.v1';

export const PINNED_PROMPTS = {
  prefix,
  extract,
  shape,
  admin_extract: adminExtract,
  escalation_summary: escalationSummary,
  price_list_vision: priceListVision,
} as const;

/** What the ledger records: the task's template and the prefix's, e.g. `extract.v1+prefix.v1`. */
export function promptVersionOf(task: LlmTask): string {
  // The price-list reader has its own short prefix (no customer-facing voice).
  if (task === 'price_list_vision') return PINNED_PROMPTS[task].PROMPT_VERSION;
  return `${PINNED_PROMPTS[task].PROMPT_VERSION}+${PINNED_PROMPTS.prefix.PREFIX_VERSION}`;
}

export type { TenantProfile } from './prefix.v1';
export type { ExtractInput } from './extract.v2';
export type { ShapeInput } from './shape.v1';
