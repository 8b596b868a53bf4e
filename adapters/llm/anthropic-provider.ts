/**
 * Anthropic Messages API through `@anthropic-ai/sdk`: the answer is a forced `tool_use` whose
 * input follows the task's JSON schema. The system prompt is two text blocks, the tenant's stable
 * prefix first, with `cache_control` on the last one, so tools + system are cached per tenant and
 * task. The SDK's own retries are off: the router retries once and fails over.
 */
import Anthropic from '@anthropic-ai/sdk';
import type { LlmCall } from '../../contract';
import { sdkRequest } from './llm-error';
import { resolveProviderOptions } from './provider-options';
import type { LlmCompletion, LlmProvider, LlmProviderOptions } from './types';

export const DEFAULT_ANTHROPIC_OPTIONS: Readonly<Omit<LlmProviderOptions, 'apiKey'>> = {
  baseURL: 'https://api.anthropic.com',
  model: 'claude-haiku-4-5',
  timeoutMs: 6000,
  temperature: 0,
};

export function createAnthropicProvider(
  options: Partial<LlmProviderOptions> & { apiKey: string },
): LlmProvider {
  const o = resolveProviderOptions('anthropic', options, DEFAULT_ANTHROPIC_OPTIONS);
  const client = new Anthropic({
    apiKey: o.apiKey,
    baseURL: o.baseURL ?? DEFAULT_ANTHROPIC_OPTIONS.baseURL,
    webhookKey: null,
    timeout: o.timeoutMs,
    maxRetries: 0,
    logLevel: 'off',
  });

  async function complete(call: LlmCall): Promise<LlmCompletion> {
    const { data: message, requestId } = await sdkRequest('anthropic', Anthropic, () =>
      client.messages
        .create(
          {
            model: o.model,
            max_tokens: call.maxOutputTokens,
            ...(o.temperature !== undefined ? { temperature: o.temperature } : {}),
            system: [
              { type: 'text', text: call.system.prefix },
              {
                type: 'text',
                text: call.system.instructions,
                cache_control: { type: 'ephemeral' },
              },
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
          },
          { timeout: Math.min(call.timeoutMs, o.timeoutMs), maxRetries: 0 },
        )
        .withResponse(),
    );
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

  return { name: 'anthropic', model: o.model, complete };
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
