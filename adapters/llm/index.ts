/**
 * Language models (DESIGN.md section 6): Anthropic and OpenAI providers on their real SDKs, and
 * the one router every model call goes through (timeout, retry once, fail over, circuit breaker,
 * embedded fallback, a per-tenant cost ledger). What to ask and how to check the answer is the
 * job's (`LlmJob` in contract/; the prompts' jobs are built in understanding/).
 */
export { createAnthropicProvider, DEFAULT_ANTHROPIC_OPTIONS } from './anthropic-provider';
export { createOpenAiProvider, DEFAULT_OPENAI_OPTIONS } from './openai-provider';
export {
  createLlmRouter,
  DEFAULT_LLM_ROUTER_OPTIONS,
  type LlmRouter,
  type LlmRouterOptions,
  type Routed,
  type RouterEvent,
} from './router';
export { LlmProviderError, type LlmFailureReason } from './llm-error';
export { MemoryLedgerSink, type LedgerEntry, type LedgerOutcome, type LedgerSink } from './ledger';
export { MODEL_PRICES, costUsdMicros, priceOf, type ModelPrice } from './prices';
export type {
  LlmCompletion,
  LlmProvider,
  LlmProviderName,
  LlmProviderOptions,
  LlmUsage,
} from './types';
