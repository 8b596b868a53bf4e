/**
 * List prices of the models the router may call, in US dollars per million tokens, as published
 * on anthropic.com/pricing and openai.com/api/pricing (standard tier, no batch discount).
 * USD per million tokens is the same number as micro-USD per token, which is what the ledger
 * stores (integer micro-USD per call). Update this table when a price changes or a model is
 * added; a model missing here is called all the same and its ledger rows have no cost (NULL).
 *
 * Anthropic bills cache writes at 1.25x input (5-minute cache) and cache reads at 0.1x input.
 * OpenAI caches automatically: no write premium, reads at the listed cached-input price.
 */
import type { LlmUsage } from './types';

export interface ModelPrice {
  inputUsdPerMTok: number;
  outputUsdPerMTok: number;
  cacheReadUsdPerMTok: number;
  cacheWriteUsdPerMTok: number;
}

const anthropic = (input: number, output: number): ModelPrice => ({
  inputUsdPerMTok: input,
  outputUsdPerMTok: output,
  cacheReadUsdPerMTok: input * 0.1,
  cacheWriteUsdPerMTok: input * 1.25,
});

const openai = (input: number, cached: number, output: number): ModelPrice => ({
  inputUsdPerMTok: input,
  outputUsdPerMTok: output,
  cacheReadUsdPerMTok: cached,
  cacheWriteUsdPerMTok: input,
});

export const MODEL_PRICES: Readonly<Record<string, ModelPrice>> = {
  'claude-haiku-4-5': anthropic(1, 5),
  'claude-sonnet-4-5': anthropic(3, 15),
  'claude-sonnet-4': anthropic(3, 15),
  'claude-opus-4-5': anthropic(5, 25),
  'claude-3-5-haiku': anthropic(0.8, 4),
  'gpt-4.1': openai(2, 0.5, 8),
  'gpt-4.1-mini': openai(0.4, 0.1, 1.6),
  'gpt-4.1-nano': openai(0.1, 0.025, 0.4),
  'gpt-4o': openai(2.5, 1.25, 10),
  'gpt-4o-mini': openai(0.15, 0.075, 0.6),
  'gpt-5': openai(1.25, 0.125, 10),
  'gpt-5-mini': openai(0.25, 0.025, 2),
  'gpt-5-nano': openai(0.05, 0.005, 0.4),
};

/** The price of a model or of its dated snapshot (`claude-haiku-4-5-20251001`, `gpt-4.1-mini-2025-04-14`). */
export function priceOf(
  model: string,
  prices: Readonly<Record<string, ModelPrice>> = MODEL_PRICES,
): ModelPrice | undefined {
  return prices[model] ?? prices[model.replace(/-(\d{8}|\d{4}-\d{2}-\d{2}|latest)$/, '')];
}

/** The cost of one call in integer micro-USD, or undefined when the model has no price. */
export function costUsdMicros(
  model: string,
  usage: LlmUsage,
  prices: Readonly<Record<string, ModelPrice>> = MODEL_PRICES,
): number | undefined {
  const p = priceOf(model, prices);
  if (!p) return undefined;
  const uncached = Math.max(
    0,
    usage.inputTokens - usage.cachedInputTokens - usage.cacheWriteTokens,
  );
  return Math.round(
    uncached * p.inputUsdPerMTok +
      usage.cachedInputTokens * p.cacheReadUsdPerMTok +
      usage.cacheWriteTokens * p.cacheWriteUsdPerMTok +
      usage.outputTokens * p.outputUsdPerMTok,
  );
}
