/**
 * Pinned prompt: intent and slot extraction -> `Understanding`. Never edit a published version:
 * copy it to extract.v2.ts, change that, and pin the new one in prompts/index.ts, so every ledger
 * row names the exact prompt that produced it. The parts v2 shares live in extract-common.ts;
 * extract-pinned.test.ts proves this version still sends and accepts the same bytes.
 */
import { z } from 'zod';
import type { JsonSchema, Understanding } from '../../contract';
import * as common from './extract-common';
import type { TenantProfile } from './prefix.v1';

export { TOOL_NAME } from './extract-common';
export const PROMPT_VERSION = 'extract.v1';
export const MAX_OUTPUT_TOKENS = 300;
/** Longer messages are cut before they are sent (the parser does the same). */
export const MAX_MESSAGE_CHARS = 1000;

export const INSTRUCTIONS = `${common.FIELDS_BEFORE_DATE}${common.DATE_FIELD} Never a date in the past.${common.FIELDS_AFTER_DATE}`;

/** Strict-mode JSON schema: every property required, nullable where optional. */
export const OUTPUT_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: common.BASE_REQUIRED,
  properties: common.BASE_PROPERTIES,
};

/** The tool input, validated. Missing optional fields are accepted (Anthropic may omit nulls). */
export const outputSchema = z.object(common.BASE_OUTPUT);

export type ExtractOutput = z.infer<typeof outputSchema>;

export type ExtractInput = common.BaseExtractInput;

export function userMessage(input: ExtractInput): string {
  return common.messageLines(input, [], MAX_MESSAGE_CHARS);
}

/** Validated output -> `Understanding`; ids not in the tenant's catalog are dropped. */
export function toUnderstanding(out: ExtractOutput, tenant: TenantProfile): Understanding {
  return { ...common.baseUnderstanding(out, tenant), source: 'llm' };
}
