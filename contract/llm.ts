/**
 * What a model call is, independent of any provider (DESIGN.md section 6): `understanding/`
 * builds jobs (prompt, tool schema, validation, fallback), `adapters/llm` routes them over the
 * providers, and the runtime hands the one to the other.
 */

/** The tasks a model does; the ledger's `task` column. */
/** extract/shape: the customer's side; admin_extract/escalation_summary: the owner's (issue 12). */
/** price_list_vision: a photo of a price list read into a catalog draft (issue 15). */
export type LlmTask =
  'extract' | 'shape' | 'admin_extract' | 'escalation_summary' | 'price_list_vision';

/** The image types both providers read. */
export type LlmImageType = 'image/jpeg' | 'image/png' | 'image/webp';

/** An image the model looks at, sent inline (base64) before the user text. */
export interface LlmImage {
  mediaType: LlmImageType;
  /** The file's bytes, base64 (standard alphabet, padded). */
  base64: string;
}

/** A JSON Schema object, written in the strict subset both providers accept. */
export type JsonSchema = Record<string, unknown>;

/** One structured model call: the model must answer by calling `tool`. */
export interface LlmRequest {
  /**
   * The system prompt in two parts. `prefix` is the stable per-tenant text (name, catalog,
   * voice) and goes first; `instructions` is the pinned task prompt. Together with the tool they
   * are byte-identical across calls of one tenant and task, so provider prompt caching applies.
   */
  system: { prefix: string; instructions: string };
  /** The per-message part (the message, today's date, the facts to shape). */
  user: string;
  /** Images shown with the user text (a photo of a price list); none for text-only tasks. */
  images?: readonly LlmImage[];
  /** The one tool the model must call; its input is the answer. */
  tool: { name: string; description: string; schema: JsonSchema };
  maxOutputTokens: number;
  /** Groups requests for provider-side cache routing (OpenAI `prompt_cache_key`). */
  cacheKey: string;
}

/** A request as a provider receives it: with the deadline of this HTTP request. */
export interface LlmCall extends LlmRequest {
  timeoutMs: number;
}

/** A model's answer, checked: the value to use, or why it cannot be used. */
export type LlmValidation<T> = { ok: true; value: T } | { ok: false; problem: string };

/** One routed piece of work: what to ask, how to check the answer, and what to say without one. */
export interface LlmJob<T> {
  task: LlmTask;
  /** Tenant slug: the ledger rows go into that tenant's schema. */
  tenant: string;
  /** Pinned prompt version the ledger records, e.g. `extract.v1+prefix.v1`. */
  promptVersion: string;
  threadKey?: string | undefined;
  /**
   * The model call, or null when there is nothing a model reads better than the embedded answer
   * (an emoji, punctuation): then no model is asked and nothing is written to the ledger.
   */
  call: LlmRequest | null;
  validate: (output: unknown) => LlmValidation<T>;
  /** The embedded answer, used when no model answers. */
  fallback: () => T | Promise<T>;
  /** When even the fallback fails (it should not). */
  lastResort: () => T;
}
