/**
 * What the two SDK providers share: their options filled in and checked, the SDK client's
 * settings, and the call around the SDK request (one deadline, no SDK retries, the SDK's HTTP
 * errors turned into `LlmProviderError`s). Each provider builds its own request and reads its
 * own answer.
 */
import { RatibaError, type LlmCall } from '../../contract';
import { sdkRequest, type SdkErrorClasses } from './llm-error';
import type { LlmCompletion, LlmProvider, LlmProviderName, LlmProviderOptions } from './types';

/** What a provider factory takes: any option, the key required. */
export type ProviderSettings = Partial<LlmProviderOptions> & { apiKey: string };

/** Fills in defaults and refuses nonsense early, naming the provider and the option. */
export function resolveProviderOptions(
  provider: string,
  options: ProviderSettings,
  defaults: Readonly<Omit<LlmProviderOptions, 'apiKey'>>,
): LlmProviderOptions {
  const o: LlmProviderOptions = {
    apiKey: options.apiKey,
    baseURL: (options.baseURL ?? defaults.baseURL)?.replace(/\/+$/, ''),
    model: options.model ?? defaults.model,
    timeoutMs: options.timeoutMs ?? defaults.timeoutMs,
    temperature: 'temperature' in options ? options.temperature : defaults.temperature,
  };
  const problems: string[] = [];
  if (o.apiKey.trim() === '') problems.push('apiKey is empty');
  if (o.baseURL !== undefined && !/^https?:\/\/[^/]/.test(o.baseURL))
    problems.push(`baseURL is not an http(s) URL: ${o.baseURL}`);
  if (o.model.trim() === '') problems.push('model is empty');
  if (!(o.timeoutMs > 0)) problems.push('timeoutMs must be positive');
  if (problems.length > 0)
    throw new RatibaError('invalid_config', `${provider} provider: ${problems.join('; ')}`);
  return o;
}

/** The SDK client's settings: no SDK retries (the router retries and fails over), no logging. */
export const clientOptions = (o: LlmProviderOptions) => ({
  apiKey: o.apiKey,
  baseURL: o.baseURL,
  timeout: o.timeoutMs,
  maxRetries: 0,
  logLevel: 'off' as const,
});

/** The model and the temperature (when one is set), as both APIs take them. */
export const sampling = (o: LlmProviderOptions) => ({
  model: o.model,
  ...(o.temperature !== undefined ? { temperature: o.temperature } : {}),
});

/** One request's options: the call's deadline, at most the provider's. */
export interface RequestOptions {
  timeout: number;
  maxRetries: 0;
}

/**
 * A provider: `send` makes the SDK request (`.withResponse()`) for a call, `read` turns the
 * answer into a completion.
 */
export function provider<T>(
  name: LlmProviderName,
  o: LlmProviderOptions,
  sdk: SdkErrorClasses,
  send: (
    call: LlmCall,
    options: RequestOptions,
  ) => Promise<{ data: T; request_id: string | null | undefined }>,
  read: (answer: T, call: LlmCall, requestId: string | undefined) => LlmCompletion,
): LlmProvider {
  async function complete(call: LlmCall): Promise<LlmCompletion> {
    const options: RequestOptions = {
      timeout: Math.min(call.timeoutMs, o.timeoutMs),
      maxRetries: 0,
    };
    const { data, requestId } = await sdkRequest(name, sdk, () => send(call, options));
    return read(data, call, requestId);
  }
  return { name, model: o.model, complete };
}
