/**
 * The pinned prompts as router jobs (`LlmJob`, contract/llm.ts): "extract" reads a customer
 * message into an `Understanding`, "shape" rewords an embedded answer in the tenant's voice.
 * Each job carries its prompt, tool schema, validation and fallback; the router (adapters/llm)
 * only asks, retries, fails over and records.
 */
import type { Language, LlmJob, LlmRequest, LlmTask, Understanding } from '../contract';
import { PINNED_PROMPTS, promptVersionOf, type TenantProfile } from './prompts';

const { prefix: P, extract: X, shape: S } = PINNED_PROMPTS;
const HAS_WORDS = /[\p{L}\p{N}]/u;

export interface ExtractJobRequest {
  tenant: TenantProfile;
  text: string;
  /** The message's time, epoch ms ("kesho" is relative to it). */
  now: number;
  previousLanguage?: Language | undefined;
  threadKey?: string | undefined;
  /** The embedded parser's reading, used when no model answers. */
  fallback: () => Understanding | Promise<Understanding>;
}

export interface ShapeJobRequest {
  tenant: TenantProfile;
  intent: Understanding['intent'];
  topic?: string | undefined;
  /** The customer's language; the tenant's language dial may override it. */
  language: Language;
  /** The embedded answer: the facts, and the reply when no model answers. */
  facts: string;
  threadKey?: string | undefined;
}

export interface LlmJobs {
  extract(request: ExtractJobRequest): LlmJob<Understanding>;
  shape(request: ShapeJobRequest): LlmJob<string>;
}

/** What a task adds to the tenant's prefix: its instructions, the message, the tool. */
type RequestParts = Pick<LlmRequest, 'user' | 'tool' | 'maxOutputTokens'> & {
  instructions: string;
};
type RequestOf = (parts: RequestParts) => LlmRequest;

/**
 * Job builders with a per-tenant cache of the system prefix (the same profile object yields the
 * same string without rebuilding it; an equal rebuilt profile yields the same bytes anyway).
 */
export function createLlmJobs(): LlmJobs {
  const prefixes = new WeakMap<TenantProfile, string>();
  const prefixOf = (t: TenantProfile) => {
    let p = prefixes.get(t);
    if (p === undefined) prefixes.set(t, (p = P.tenantPrefix(t)));
    return p;
  };
  const request = (task: LlmTask, tenant: TenantProfile, parts: RequestParts): LlmRequest => ({
    system: { prefix: prefixOf(tenant), instructions: parts.instructions },
    user: parts.user,
    tool: parts.tool,
    maxOutputTokens: parts.maxOutputTokens,
    cacheKey: `ratiba:${tenant.slug}:${promptVersionOf(task)}`,
  });
  return {
    extract: (req) => extractJob(req, (parts) => request('extract', req.tenant, parts)),
    shape: (req) => shapeJob(req, (parts) => request('shape', req.tenant, parts)),
  };
}

function extractJob(req: ExtractJobRequest, requestOf: RequestOf): LlmJob<Understanding> {
  // Empty, emoji or punctuation only: nothing a model reads better than the parser.
  const call = HAS_WORDS.test(req.text)
    ? requestOf({
        instructions: X.INSTRUCTIONS,
        user: X.userMessage({ ...req, timezone: req.tenant.timezone }),
        tool: {
          name: X.TOOL_NAME,
          description: 'Record what the message means.',
          schema: X.OUTPUT_SCHEMA,
        },
        maxOutputTokens: X.MAX_OUTPUT_TOKENS,
      })
    : null;
  return {
    task: 'extract',
    tenant: req.tenant.slug,
    promptVersion: promptVersionOf('extract'),
    threadKey: req.threadKey,
    call,
    validate: (output) => {
      const parsed = X.outputSchema.safeParse(output);
      if (parsed.success) return { ok: true, value: X.toUnderstanding(parsed.data, req.tenant) };
      const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
      return { ok: false, problem: issues.join('; ') };
    },
    fallback: req.fallback,
    lastResort: () => ({
      language: req.previousLanguage ?? 'en',
      intent: 'unknown',
      confidence: 0,
      serviceIds: [],
      source: 'parser',
    }),
  };
}

function shapeJob(req: ShapeJobRequest, requestOf: RequestOf): LlmJob<string> {
  const dial = req.tenant.dials.languagePreference;
  const language: Language = dial === 'mirror' ? req.language : dial;
  return {
    task: 'shape',
    tenant: req.tenant.slug,
    promptVersion: promptVersionOf('shape'),
    threadKey: req.threadKey,
    call: requestOf({
      instructions: S.INSTRUCTIONS,
      user: S.userMessage({ ...req, language }),
      tool: {
        name: S.TOOL_NAME,
        description: 'Send the reply to the customer.',
        schema: S.OUTPUT_SCHEMA,
      },
      maxOutputTokens: S.MAX_OUTPUT_TOKENS,
    }),
    validate: (output) => {
      const parsed = S.outputSchema.safeParse(output);
      if (!parsed.success)
        return { ok: false, problem: parsed.error.issues[0]?.message ?? 'invalid' };
      const lost = S.lostFacts(req.facts, parsed.data.text);
      return lost.length
        ? { ok: false, problem: `the reply lost ${lost.join(', ')}` }
        : { ok: true, value: parsed.data.text };
    },
    fallback: () => req.facts,
    lastResort: () => req.facts,
  };
}
