import type { LlmRequest } from '../../../contract';

/** A small model request for the providers' and the router's own tests (no pinned prompt). */
export const SAMPLE_REQUEST: LlmRequest = {
  system: { prefix: 'You work for Salon X.', instructions: 'Record what it means.' },
  user: 'Nataka kunyoa kesho saa tisa',
  tool: {
    name: 'record_understanding',
    description: 'd',
    schema: {
      type: 'object',
      additionalProperties: false,
      required: ['intent'],
      properties: { intent: { type: 'string' } },
    },
  },
  maxOutputTokens: 200,
  cacheKey: 'ratiba:demo:extract',
};
