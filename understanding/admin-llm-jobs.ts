/**
 * The owner's model calls as router jobs (issue 12). "admin_extract": the deterministic admin
 * parser reads first; only a message it cannot read goes to the model, which rewrites it as one
 * command in the parser's phrasing, and the parser reads that (so the `AdminCommand` shape, the
 * did-you-mean and the past-date refusal are the parser's, whatever the model says).
 * "escalation_summary": the customer's last messages summed up for the owner; the
 * deterministic summary when no model answers.
 */
import type { AdminUnderstanding, LlmJob, LlmTask } from '../contract';
import type { AdminParseContext, AdminParser } from './admin';
import { today } from './admin/admin-dates';
import { PINNED_PROMPTS, promptVersionOf, type TenantProfile } from './prompts';

const { prefix: P, admin_extract: A, escalation_summary: S } = PINNED_PROMPTS;

export interface AdminExtractRequest {
  tenant: TenantProfile;
  parser: AdminParser;
  text: string;
  ctx: AdminParseContext;
  threadKey?: string | undefined;
}

export interface SummaryRequest {
  tenant: TenantProfile;
  /** The deterministic summary: what goes out when no model answers. */
  fallback: string;
  /** The customer's latest messages, oldest first. */
  messages: readonly string[];
  threadKey?: string | undefined;
}

const base = (task: LlmTask, tenant: TenantProfile, threadKey: string | undefined) => ({
  task,
  tenant: tenant.slug,
  promptVersion: promptVersionOf(task),
  threadKey,
});

const cacheKey = (task: LlmTask, tenant: TenantProfile) =>
  `ratiba:${tenant.slug}:${promptVersionOf(task)}`;

export function adminExtractJob(req: AdminExtractRequest): LlmJob<AdminUnderstanding> {
  const parsed = req.parser.parse(req.text, req.ctx);
  const asked = parsed.command.type === 'unknown' && /[\p{L}]{2}/u.test(req.text);
  return {
    ...base('admin_extract', req.tenant, req.threadKey),
    call: asked
      ? {
          system: { prefix: P.tenantPrefix(req.tenant), instructions: A.INSTRUCTIONS },
          user: A.userMessage({ text: req.text, today: today(req.ctx.now, req.ctx.timezone) }),
          tool: {
            name: A.TOOL_NAME,
            description: "Record the owner's command.",
            schema: A.OUTPUT_SCHEMA,
          },
          maxOutputTokens: A.MAX_OUTPUT_TOKENS,
          cacheKey: cacheKey('admin_extract', req.tenant),
        }
      : null,
    validate: (output) => {
      const r = A.outputSchema.safeParse(output);
      if (!r.success)
        return {
          ok: false,
          problem: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
        };
      if (r.data.command === null)
        return { ok: true, value: { ...parsed, language: r.data.language } };
      const reread = req.parser.parse(r.data.command, req.ctx);
      return { ok: true, value: { language: r.data.language, command: reread.command } };
    },
    fallback: () => parsed,
    lastResort: () => parsed,
  };
}

export function escalationSummaryJob(req: SummaryRequest): LlmJob<string> {
  return {
    ...base('escalation_summary', req.tenant, req.threadKey),
    call:
      req.messages.length === 0
        ? null
        : {
            system: { prefix: P.tenantPrefix(req.tenant), instructions: S.INSTRUCTIONS },
            user: S.userMessage(req.messages),
            tool: {
              name: S.TOOL_NAME,
              description: 'Record the summary.',
              schema: S.OUTPUT_SCHEMA,
            },
            maxOutputTokens: S.MAX_OUTPUT_TOKENS,
            cacheKey: cacheKey('escalation_summary', req.tenant),
          },
    validate: (output) => {
      const r = S.outputSchema.safeParse(output);
      return r.success
        ? { ok: true, value: r.data.summary }
        : { ok: false, problem: r.error.issues[0]?.message ?? 'invalid' };
    },
    fallback: () => req.fallback,
    lastResort: () => req.fallback,
  };
}
