/**
 * Language models (DESIGN.md section 6): Anthropic and OpenAI providers on their real SDKs, and
 * the one router every model call goes through (timeout, retry once, fail over, embedded
 * fallback; zod-validated answers; pinned prompt versions; a per-tenant cost ledger).
 */
export { createAnthropicProvider, DEFAULT_ANTHROPIC_OPTIONS } from './anthropic-provider';
export { createOpenAiProvider, DEFAULT_OPENAI_OPTIONS } from './openai-provider';
export {
  createLlmRouter,
  DEFAULT_LLM_ROUTER_OPTIONS,
  type ExtractRequest,
  type LlmRouter,
  type LlmRouterOptions,
  type Routed,
  type RouterEvent,
  type ShapeRequest,
} from './router';
export { LlmProviderError, type LlmFailureReason } from './llm-error';
export {
  MemoryLedgerSink,
  type LedgerEntry,
  type LedgerOutcome,
  type LedgerSink,
  type LlmTask,
} from './ledger';
export {
  createTenantLedgerSink,
  insertLedgerEntry,
} from '../../runtime/conversation/tenant-ledger-sink';
export { MODEL_PRICES, costUsdMicros, priceOf, type ModelPrice } from './prices';
export {
  DEFAULT_PERSONALITY_DIALS,
  readPersonalityDials,
  type PersonalityDials,
} from '../../contract/personality';
export { PINNED_PROMPTS, promptVersionOf, type TenantProfile } from '../../understanding/prompts';
export type {
  JsonSchema,
  LlmCall,
  LlmCompletion,
  LlmProvider,
  LlmProviderName,
  LlmProviderOptions,
  LlmUsage,
} from './types';
