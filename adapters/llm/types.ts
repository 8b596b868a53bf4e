/**
 * The provider surface of the LLM router: one structured call in, one JSON value out. Both
 * providers force a single tool call whose arguments follow a JSON schema, so "extract" and
 * "shape" look the same to them. The call itself (`LlmCall`) is in contract/llm.ts; the router
 * owns retries, fail-over and the ledger, the job (from understanding/) prompts and validation.
 */
import type { LlmCall } from '../../contract';

export type LlmProviderName = 'anthropic' | 'openai';

export interface LlmUsage {
  /** Every prompt token, cached or not. */
  inputTokens: number;
  outputTokens: number;
  /** Prompt tokens read from the provider's prompt cache. */
  cachedInputTokens: number;
  /** Prompt tokens written to the cache (Anthropic bills them at a premium; 0 for OpenAI). */
  cacheWriteTokens: number;
}

export interface LlmCompletion {
  /** The tool call's arguments, parsed from JSON but not yet validated (see `problem`). */
  output: unknown;
  /**
   * Set when the answer holds no usable tool call (plain text, broken JSON, a refusal, cut off
   * at the token limit). Usage is still reported: those tokens were billed.
   */
  problem: string | undefined;
  usage: LlmUsage;
  /** The model that answered, as the provider reports it. */
  model: string;
  requestId: string | undefined;
}

/** One provider behind the router. `complete` rejects with an `LlmProviderError` on HTTP failure. */
export interface LlmProvider {
  readonly name: LlmProviderName;
  /** The model asked for (the answer's `model` may be a dated snapshot of it). */
  readonly model: string;
  complete(call: LlmCall): Promise<LlmCompletion>;
}

/** Options every provider takes. Adapters never read the environment. */
export interface LlmProviderOptions {
  apiKey: string;
  /** API base URL (a fake server's URL in tests); the provider's public URL when unset. */
  baseURL: string | undefined;
  model: string;
  /** Deadline of one request unless the call asks for a shorter one. */
  timeoutMs: number;
  /** Sampling temperature; unset leaves the provider's default (reasoning models refuse 0). */
  temperature: number | undefined;
}
