import { describe, expect, it } from 'vitest';
import { costUsdMicros, priceOf } from './prices';
import { retryAfterMs } from './llm-error';

const usage = (inputTokens: number, outputTokens: number, cached = 0, written = 0) => ({
  inputTokens,
  outputTokens,
  cachedInputTokens: cached,
  cacheWriteTokens: written,
});

describe('prices', () => {
  it('finds dated snapshots under their model name', () => {
    expect(priceOf('claude-haiku-4-5-20251001')).toBe(priceOf('claude-haiku-4-5'));
    expect(priceOf('gpt-4.1-mini-2025-04-14')).toBe(priceOf('gpt-4.1-mini'));
    expect(priceOf('gpt-4.1')).not.toBe(priceOf('gpt-4.1-mini'));
    expect(priceOf('some-new-model')).toBeUndefined();
  });

  it('prices a call in integer micro-USD, cache reads cheap and cache writes at a premium', () => {
    // Haiku 4.5: $1 in, $5 out per million tokens.
    expect(costUsdMicros('claude-haiku-4-5', usage(1000, 100))).toBe(1500);
    // 2000 cached at $0.10 + 500 uncached at $1 + 100 out at $5.
    expect(costUsdMicros('claude-haiku-4-5', usage(2500, 100, 2000))).toBe(1200);
    // 2000 written at $1.25 + 500 at $1 + 100 at $5.
    expect(costUsdMicros('claude-haiku-4-5', usage(2500, 100, 0, 2000))).toBe(3500);
    expect(costUsdMicros('gpt-4.1-mini', usage(1, 1))).toBe(2);
    expect(costUsdMicros('unknown', usage(1000, 100))).toBeUndefined();
  });

  it('reads retry-after in ms, seconds or as a date', () => {
    const h = (o: Record<string, string>) => new Headers(o);
    expect(retryAfterMs(h({ 'retry-after-ms': '150', 'retry-after': '9' }))).toBe(150);
    expect(retryAfterMs(h({ 'retry-after': '3' }))).toBe(3000);
    expect(retryAfterMs(h({ 'retry-after': new Date(10_000).toUTCString() }), 4000)).toBe(6000);
    expect(retryAfterMs(h({}))).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });
});
