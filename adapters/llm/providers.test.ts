/**
 * Both providers on their real SDKs. First layer: the fixtures (real-format API bodies) served
 * verbatim, through the SDK's parsing, into usage and errors. Second layer: the fake servers'
 * request checks (what the SDK actually sends).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startRecordingServer,
  type RecordingServer,
  type Reply,
} from '../whatsapp/testing/recording-server';
import { createAnthropicProvider } from './anthropic-provider';
import { LlmProviderError } from './llm-error';
import { createOpenAiProvider } from './openai-provider';
import { costUsdMicros } from './prices';
import type { LlmCall } from '../../contract';
import { SAMPLE_REQUEST, fixture } from './testing';
import type { LlmProvider } from './types';

const call: LlmCall = { ...SAMPLE_REQUEST, timeoutMs: 2000 };

let replies: Reply[] = [];
let server: RecordingServer;
beforeAll(async () => {
  server = await startRecordingServer(() => replies.shift() ?? { status: 500, json: {} });
});
afterAll(() => server.close());

const anthropic = () =>
  createAnthropicProvider({ apiKey: 'sk-ant-x', baseURL: server.url, timeoutMs: 300 });
const openai = () =>
  createOpenAiProvider({ apiKey: 'sk-x', baseURL: `${server.url}/v1`, timeoutMs: 300 });

/** A 200 with a fixture's body, through the provider. */
function completion(p: LlmProvider, headers: Record<string, string>, body: string) {
  replies = [{ status: 200, headers, json: fixture(body) }];
  return p.complete(call);
}

async function failure(p: LlmProvider, reply: Reply): Promise<LlmProviderError> {
  replies = [reply];
  const err = await p.complete(call).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(LlmProviderError);
  return err as LlmProviderError;
}

describe('anthropic provider (fixtures through @anthropic-ai/sdk)', () => {
  it('reads the tool_use input and counts cached tokens into the prompt total', async () => {
    const c = await completion(
      anthropic(),
      { 'request-id': 'req_1' },
      'anthropic-message-tool-use.json',
    );
    expect(c.problem).toBeUndefined();
    expect(c.output).toMatchObject({ intent: 'book', service_ids: ['haircut'], time: '15:00' });
    expect(c.usage).toEqual({
      inputTokens: 1748,
      outputTokens: 87,
      cachedInputTokens: 1536,
      cacheWriteTokens: 0,
    });
    expect(c.model).toBe('claude-haiku-4-5-20251001');
    expect(c.requestId).toBe('req_1');
    // 212 x $1 + 1536 x $0.10 + 87 x $5 per million tokens = 800.6 micro-USD.
    expect(costUsdMicros(c.model, c.usage)).toBe(801);
    const sent = server.requests.at(-1)!;
    expect(sent.path).toBe('/v1/messages');
    expect(sent.json).toMatchObject({
      model: 'claude-haiku-4-5',
      max_tokens: 200,
      system: [
        { type: 'text', text: 'You work for Salon X.' },
        { type: 'text', text: 'Record what it means.', cache_control: { type: 'ephemeral' } },
      ],
      tool_choice: { type: 'tool', name: 'record_understanding' },
      messages: [{ role: 'user', content: 'Nataka kunyoa kesho saa tisa' }],
    });
  });

  it('maps 429 (with retry-after), 529, 500 and 401 fixtures', async () => {
    const p = anthropic();
    const limited = await failure(p, {
      status: 429,
      headers: { 'retry-after': '2', 'request-id': 'req_429' },
      json: fixture('anthropic-error-rate-limit.json'),
    });
    expect(limited).toMatchObject({
      reason: 'rate_limited',
      retryable: true,
      retryAfterMs: 2000,
      status: 429,
      requestId: 'req_429',
    });
    expect(
      await failure(p, { status: 529, json: fixture('anthropic-error-overloaded.json') }),
    ).toMatchObject({ reason: 'overloaded', retryable: true });
    expect(
      await failure(p, { status: 500, json: fixture('anthropic-error-api.json') }),
    ).toMatchObject({ reason: 'server_error', retryable: true });
    expect(
      await failure(p, {
        status: 401,
        json: { type: 'error', error: { type: 'authentication_error', message: 'x' } },
      }),
    ).toMatchObject({ reason: 'auth', retryable: false });
  });

  it('times out a request that never answers', async () => {
    expect(await failure(anthropic(), 'hang')).toMatchObject({
      reason: 'timeout',
      retryable: true,
    });
  });
});

describe('openai provider (fixtures through openai)', () => {
  it('parses the function arguments and reports cached prompt tokens', async () => {
    const c = await completion(
      openai(),
      { 'x-request-id': 'req_o1' },
      'openai-chat-completion-tool-call.json',
    );
    expect(c.problem).toBeUndefined();
    expect(c.output).toMatchObject({ intent: 'prices', service_ids: ['braids'] });
    expect(c.usage).toEqual({
      inputTokens: 1803,
      outputTokens: 61,
      cachedInputTokens: 1536,
      cacheWriteTokens: 0,
    });
    expect(c.requestId).toBe('req_o1');
    // 267 x $0.40 + 1536 x $0.10 + 61 x $1.60 per million tokens = 358.0 micro-USD.
    expect(costUsdMicros(c.model, c.usage)).toBe(358);
    const sent = server.requests.at(-1)!;
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe('Bearer sk-x');
    expect(sent.json).toMatchObject({
      model: 'gpt-4.1-mini',
      max_completion_tokens: 200,
      messages: [
        { role: 'system', content: 'You work for Salon X.\n\nRecord what it means.' },
        { role: 'user', content: 'Nataka kunyoa kesho saa tisa' },
      ],
      tools: [{ type: 'function', function: { name: 'record_understanding', strict: true } }],
      tool_choice: { type: 'function', function: { name: 'record_understanding' } },
      prompt_cache_key: 'ratiba:demo:extract',
    });
    expect(sent.json).not.toHaveProperty('temperature');
  });

  it('reports broken arguments as a problem, with the billed usage', async () => {
    const body = fixture<{
      choices: { message: { tool_calls: { function: { arguments: string } }[] } }[];
    }>('openai-chat-completion-tool-call.json');
    body.choices[0]!.message.tool_calls[0]!.function.arguments = '{"intent": "bo';
    replies = [{ status: 200, json: body }];
    const c = await openai().complete(call);
    expect(c.problem).toMatch(/not valid JSON/);
    expect(c.usage.outputTokens).toBe(61);
  });

  it('maps 429 (retry-after-ms), 500, 401 fixtures and a hang', async () => {
    const p = openai();
    expect(
      await failure(p, {
        status: 429,
        headers: { 'retry-after-ms': '120', 'retry-after': '1' },
        json: fixture('openai-error-rate-limit.json'),
      }),
    ).toMatchObject({ reason: 'rate_limited', retryAfterMs: 120 });
    expect(
      await failure(p, { status: 500, json: fixture('openai-error-server.json') }),
    ).toMatchObject({ reason: 'server_error' });
    expect(
      await failure(p, { status: 401, json: fixture('openai-error-invalid-key.json') }),
    ).toMatchObject({ reason: 'auth', retryable: false });
    expect(await failure(p, 'hang')).toMatchObject({ reason: 'timeout' });
  });
});

describe('provider options', () => {
  it('refuse an empty key, a bad base URL or timeout, naming the provider', () => {
    expect(() => createAnthropicProvider({ apiKey: ' ' })).toThrow(
      /anthropic provider: apiKey is empty/,
    );
    expect(() => createOpenAiProvider({ apiKey: 'k', baseURL: 'ftp://x' })).toThrow(
      /openai provider: baseURL/,
    );
    expect(() => createOpenAiProvider({ apiKey: 'k', timeoutMs: 0 })).toThrow(/timeoutMs/);
  });
});
