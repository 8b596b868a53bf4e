/**
 * Understanding text. The embedded English + Swahili understanding parser (DESIGN.md section 6): intents, services by
 * fuzzy name, staff, dates and times (Swahili clock time included) in the tenant's time zone.
 */
export { createEmbeddedParser } from './embedded-parser';
export { DEFAULT_EMBEDDED_PARSER_OPTIONS } from './types';
export type { EmbeddedParser, EmbeddedParserOptions, NluCatalog, ParseContext } from './types';
export {
  PINNED_PROMPTS,
  promptVersionOf,
  type ExtractInput,
  type ShapeInput,
  type TenantProfile,
} from './prompts';
export {
  createAdminParser,
  type AdminParser,
  type AdminParseContext,
  type AdminCatalog,
} from './admin';
export {
  createLlmJobs,
  type ExtractJobRequest,
  type LlmJobs,
  type ShapeJobRequest,
} from './llm-jobs';
export {
  adminExtractJob,
  escalationSummaryJob,
  type AdminExtractRequest,
  type SummaryRequest,
} from './admin-llm-jobs';
export { priceListJob, type PriceListReading, type PriceListRequest } from './price-list-job';
