/**
 * Anthropic Messages API through `@anthropic-ai/sdk`: the answer is a forced `tool_use` whose
 * input follows the task's JSON schema. The system prompt is two text blocks, the tenant's stable
 * prefix first, with `cache_control` on the last one, so tools + system are cached per tenant and
 * task. The SDK's own retries are off: the router retries once and fails over.
 */
import Anthropic from '@anthropic-ai/sdk';
import type { LlmCall } from '../../contract';
import * as sdk from './provider-options';
import type { LlmCompletion, LlmProvider, LlmProviderOptions } from './types';

export const DEFAULT_ANTHROPIC_OPTIONS: Readonly<Omit<LlmProviderOptions, 'apiKey'>> = {
  baseURL: 'https://api.anthropic.com',
  model: 'claude-haiku-4-5',
  timeoutMs: 6000,
  temperature: 0,
};

export function createAnthropicProvider(options: sdk.ProviderSettings): LlmProvider {
  const o = sdk.resolveProviderOptions('anthropic', options, DEFAULT_ANTHROPIC_OPTIONS);
  const client = new Anthropic({ ...sdk.clientOptions(o), webhookKey: null });
  return sdk.provider(
    'anthropic',
    o,
    Anthropic,
    (call, request) =>
      client.messages.create({ ...sdk.sampling(o), ...messageOf(call) }, request).withResponse(),
    completionOf,
  );
}

function messageOf(call: LlmCall): Omit<Anthropic.MessageCreateParamsNonStreaming, 'model'> {
  return {
    max_tokens: call.maxOutputTokens,
    system: [
      { type: 'text', text: call.system.prefix },
      { type: 'text', text: call.system.instructions, cache_control: { type: 'ephemeral' } },
    ],
    tools: [
      {
        name: call.tool.name,
        description: call.tool.description,
        input_schema: { ...call.tool.schema, type: 'object' },
      },
    ],
    tool_choice: { type: 'tool', name: call.tool.name, disable_parallel_tool_use: true },
    messages: [{ role: 'user', content: userContent(call) }],
  };
}

/** The forced tool call's input (or why there is none), with the billed usage. */
function completionOf(
  message: Anthropic.Message,
  call: LlmCall,
  requestId: string | undefined,
): LlmCompletion {
  const usage = message.usage;
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  const toolUse = message.content.find(
    (b): b is Anthropic.ToolUseBlock => b.type === 'tool_use' && b.name === call.tool.name,
  );
  let problem: string | undefined;
  if (message.stop_reason === 'refusal') problem = 'the model refused';
  else if (message.stop_reason === 'max_tokens') problem = 'cut off at max_tokens';
  else if (!toolUse)
    problem = `no ${call.tool.name} tool call (stop_reason ${message.stop_reason})`;
  return {
    output: toolUse?.input,
    problem,
    usage: {
      // `input_tokens` counts only the uncached part of the prompt.
      inputTokens: usage.input_tokens + cacheRead + cacheWrite,
      outputTokens: usage.output_tokens,
      cachedInputTokens: cacheRead,
      cacheWriteTokens: cacheWrite,
    },
    model: message.model,
    requestId,
  };
}

/** The user turn: plain text, or the images (base64 source blocks) followed by the text. */
function userContent(call: LlmCall): string | Anthropic.ContentBlockParam[] {
  if (!call.images?.length) return call.user;
  return [
    ...call.images.map((img): Anthropic.ImageBlockParam => ({
      type: 'image',
      source: { type: 'base64', media_type: img.mediaType, data: img.base64 },
    })),
    { type: 'text', text: call.user },
  ];
}
