/**
 * OpenAI Chat Completions through the `openai` SDK: the answer is a forced function call with
 * `strict: true` (structured outputs), its arguments a JSON string. The system message carries
 * the tenant's stable prefix first, so OpenAI's automatic prefix caching applies, and
 * `prompt_cache_key` keeps one tenant's calls on the same cache. SDK retries are off: the router
 * retries once and fails over.
 */
import OpenAI from 'openai';
import type { LlmCall } from '../../contract';
import * as sdk from './provider-options';
import type { LlmCompletion, LlmProvider, LlmProviderOptions } from './types';

export const DEFAULT_OPENAI_OPTIONS: Readonly<Omit<LlmProviderOptions, 'apiKey'>> = {
  baseURL: 'https://api.openai.com/v1',
  model: 'gpt-4.1-mini',
  timeoutMs: 6000,
  temperature: undefined,
};

export function createOpenAiProvider(options: sdk.ProviderSettings): LlmProvider {
  const o = sdk.resolveProviderOptions('openai', options, DEFAULT_OPENAI_OPTIONS);
  const client = new OpenAI({
    ...sdk.clientOptions(o),
    organization: null,
    project: null,
    adminAPIKey: null,
    webhookSecret: null,
  });
  return sdk.provider(
    'openai',
    o,
    OpenAI,
    (call, request) =>
      client.chat.completions
        .create({ ...sdk.sampling(o), ...requestOf(call) }, request)
        .withResponse(),
    completionOf,
  );
}

function requestOf(call: LlmCall): Omit<OpenAI.ChatCompletionCreateParamsNonStreaming, 'model'> {
  return {
    max_completion_tokens: call.maxOutputTokens,
    messages: [
      { role: 'system', content: `${call.system.prefix}\n\n${call.system.instructions}` },
      { role: 'user', content: userContent(call) },
    ],
    tools: [
      {
        type: 'function',
        function: {
          name: call.tool.name,
          description: call.tool.description,
          parameters: call.tool.schema,
          strict: true,
        },
      },
    ],
    tool_choice: { type: 'function', function: { name: call.tool.name } },
    parallel_tool_calls: false,
    prompt_cache_key: call.cacheKey,
  };
}

/** The user message: plain text, or the text followed by the images as base64 data URLs. */
function userContent(call: LlmCall): string | OpenAI.ChatCompletionContentPart[] {
  if (!call.images?.length) return call.user;
  return [
    { type: 'text', text: call.user },
    ...call.images.map((img): OpenAI.ChatCompletionContentPartImage => ({
      type: 'image_url',
      image_url: { url: `data:${img.mediaType};base64,${img.base64}`, detail: 'high' },
    })),
  ];
}

/** The forced function call's arguments (or why there are none), with the billed usage. */
function completionOf(
  completion: OpenAI.ChatCompletion,
  call: LlmCall,
  requestId: string | undefined,
): LlmCompletion {
  const toolName = call.tool.name;
  const choice = completion.choices[0];
  const toolCall = choice?.message.tool_calls?.find(
    (c) => c.type === 'function' && c.function.name === toolName,
  );
  let output: unknown;
  let problem: string | undefined;
  if (!choice) problem = 'no choices';
  else if (choice.message.refusal) problem = 'the model refused';
  else if (choice.finish_reason === 'length') problem = 'cut off at max_completion_tokens';
  else if (choice.finish_reason === 'content_filter') problem = 'content filter';
  else if (toolCall?.type !== 'function') problem = `no ${toolName} function call`;
  else {
    try {
      output = JSON.parse(toolCall.function.arguments);
    } catch {
      problem = 'function arguments are not valid JSON';
    }
  }
  const usage = completion.usage;
  return {
    output,
    problem,
    usage: {
      inputTokens: usage?.prompt_tokens ?? 0,
      outputTokens: usage?.completion_tokens ?? 0,
      cachedInputTokens: usage?.prompt_tokens_details?.cached_tokens ?? 0,
      cacheWriteTokens: 0,
    },
    model: completion.model,
    requestId,
  };
}
