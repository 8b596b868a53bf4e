/**
 * The provider surface of the LLM router: one structured call in, one JSON value out. Both
 * providers force a single tool call whose arguments follow a JSON schema, so "extract" and
 * "shape" look the same to them; the router owns prompts, validation, retries and the ledger.
 */

export type LlmProviderName = 'anthropic' | 'openai';

/** A JSON Schema object, written in the strict subset both providers accept. */
export type JsonSchema = Record<string, unknown>;

export interface LlmCall {
  /**
   * The system prompt in two parts. `prefix` is the stable per-tenant text (name, catalog,
   * voice) and goes first; `instructions` is the pinned task prompt. Together with the tool they
   * are byte-identical across calls of one tenant and task, so provider prompt caching applies.
   */
  system: { prefix: string; instructions: string };
  /** The per-message part (the message, today's date, the facts to shape). */
  user: string;
  /** The one tool the model must call; its input is the answer. */
  tool: { name: string; description: string; schema: JsonSchema };
  maxOutputTokens: number;
  /** Deadline of this HTTP request. */
  timeoutMs: number;
  /** Groups requests for provider-side cache routing (OpenAI `prompt_cache_key`). */
  cacheKey: string;
}

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
