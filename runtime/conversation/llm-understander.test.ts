import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import type { Queryable } from '../../contract/queryable';
import type { EffectHandler } from '../effects/effect-handler';
import { createLogger } from '../logger';
import {
  LlmUnderstander,
  createUnderstander,
  llmRouterFromConfig,
  withInquiryShaping,
} from './llm-understander';
import { EmbeddedUnderstander } from './understanding-enricher';

const log = createLogger({ level: 'silent', logPii: false });
const db: Queryable = { query: () => Promise.reject(new Error('no database in this test')) };
const inquiry: EffectHandler = { answers: true, run: () => Promise.resolve({}) };

describe('language model configuration', () => {
  it('without keys: the embedded parser alone, inquiry answers untouched', () => {
    const config = loadConfig({});
    expect(config.llm).toEqual({ anthropic: undefined, openai: undefined, timeoutMs: 5000 });
    const understander = createUnderstander(config.llm, db, log);
    expect(understander).toBeInstanceOf(EmbeddedUnderstander);
    const handlers = { 'inquiry.answer': inquiry };
    expect(withInquiryShaping(handlers, understander)['inquiry.answer']).toBe(inquiry);
  });

  it('with keys: Anthropic first, then OpenAI; inquiry answers are shaped', () => {
    const config = loadConfig({
      OPENAI_API_KEY: 'sk-o',
      ANTHROPIC_API_KEY: 'sk-a',
      ANTHROPIC_BASE_URL: 'http://127.0.0.1:9/',
      ANTHROPIC_MODEL: 'claude-sonnet-4-5',
      RATIBA_LLM_TIMEOUT_MS: '2500',
    });
    expect(config.llm).toEqual({
      anthropic: { apiKey: 'sk-a', baseUrl: 'http://127.0.0.1:9/', model: 'claude-sonnet-4-5' },
      openai: { apiKey: 'sk-o' },
      timeoutMs: 2500,
    });
    expect(llmRouterFromConfig(config.llm, { db, log })?.providers).toEqual([
      'anthropic',
      'openai',
    ]);
    const understander = createUnderstander(config.llm, db, log);
    expect(understander).toBeInstanceOf(LlmUnderstander);
    const shaped = withInquiryShaping({ 'inquiry.answer': inquiry }, understander);
    expect(shaped['inquiry.answer']).not.toBe(inquiry);
    expect(shaped['inquiry.answer']!.answers).toBe(true);
  });

  it('one key is enough', () => {
    const { llm } = loadConfig({ OPENAI_API_KEY: 'sk-o' });
    expect(llmRouterFromConfig(llm, { db, log })?.providers).toEqual(['openai']);
  });

  it('fails naming the variable', () => {
    expect(() => loadConfig({ ANTHROPIC_BASE_URL: 'not a url' })).toThrow(/ANTHROPIC_BASE_URL/);
    expect(() => loadConfig({ OPENAI_BASE_URL: 'ftp://x' })).toThrow(/OPENAI_BASE_URL/);
    expect(() => loadConfig({ RATIBA_LLM_TIMEOUT_MS: '5' })).toThrow(/RATIBA_LLM_TIMEOUT_MS/);
    // An empty variable means unset (as .env files and compose write them): no provider.
    expect(loadConfig({ OPENAI_API_KEY: '' }).llm.openai).toBeUndefined();
  });
});
