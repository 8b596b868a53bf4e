import { RatibaError } from '../../contract';
import type { LlmProviderOptions } from './types';

/** Fills in defaults and refuses nonsense early, naming the provider and the option. */
export function resolveProviderOptions(
  provider: string,
  options: Partial<LlmProviderOptions> & { apiKey: string },
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
