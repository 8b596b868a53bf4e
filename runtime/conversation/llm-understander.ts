/**
 * Understanding through the LLM router when a model key is configured (DESIGN.md section 6):
 * every model call goes through the one router, which falls back to the embedded parser, so a
 * message is always understood. Optionally, inquiry answers are reworded through the router in
 * the tenant's voice; the embedded answer stays the fallback.
 */
import {
  createAnthropicProvider,
  createLlmRouter,
  createOpenAiProvider,
  type LedgerSink,
  type LlmProvider,
  type LlmProviderOptions,
  type LlmRouter,
  type Routed,
  type RouterEvent,
} from '../../adapters/llm';
import {
  readPersonalityDials,
  type CallKinds,
  type Language,
  type LlmJob,
  type Queryable,
  type Understanding,
} from '../../contract';
import { createLlmJobs, type TenantProfile } from '../../understanding';
import type { LlmConfig } from '../config';
import type { EffectHandler } from '../effects/effect-handler';
import type { Logger } from '../logger';
import type { Tenant } from '../tenancy/tenant-registry';
import { createTenantLedgerSink } from './tenant-ledger-sink';
import { EmbeddedUnderstander, loadNluCatalog, type Understander } from './understanding-enricher';

type InquiryPayload = CallKinds['inquiry.answer']['payload'];
type InquiryResult = CallKinds['inquiry.answer']['result'];

/** An understander whose per-tenant caches the registry change bus can drop. */
export interface TenantUnderstander extends Understander {
  invalidate(slug?: string): void;
}

export class LlmUnderstander implements TenantUnderstander {
  private readonly profiles = new Map<string, Promise<TenantProfile>>();
  private readonly jobs = createLlmJobs();

  constructor(
    private readonly deps: {
      db: Queryable;
      log: Logger;
      router: LlmRouter;
      /** The fallback: what the router answers with when no model does. */
      embedded: EmbeddedUnderstander;
    },
  ) {}

  async understand(
    tenant: Tenant,
    text: string,
    ctx: { now: number; previousLanguage?: Language },
  ): Promise<Understanding> {
    const fallback = () => this.deps.embedded.understand(tenant, text, ctx);
    let profile: TenantProfile;
    try {
      profile = await this.profileOf(tenant);
    } catch (err) {
      this.deps.log.warn({ err, tenant: tenant.slug }, 'tenant profile failed; parser only');
      return fallback();
    }
    // The parser reads first: its reading is the model's hint and the answer when none answers.
    const parsed = await fallback();
    const job = this.jobs.extract({
      tenant: profile,
      text,
      now: ctx.now,
      previousLanguage: ctx.previousLanguage,
      hint: parsed,
      fallback: () => parsed,
    });
    const routed = await this.deps.router.route(job);
    return routed.value;
  }

  /** Routes another job (the owner's side) through the same router and ledger. */
  route<T>(job: LlmJob<T>): Promise<Routed<T>> {
    return this.deps.router.route(job);
  }

  invalidate(slug?: string): void {
    if (slug === undefined) this.profiles.clear();
    else this.profiles.delete(slug);
    this.deps.embedded.invalidate(slug);
  }

  /** Wraps the `inquiry.answer` handler: answered questions are reworded in the tenant's voice. */
  shapeInquiryAnswers(inner: EffectHandler): EffectHandler {
    return {
      answers: inner.answers,
      run: async (payload, ctx) => {
        const result = (await inner.run(payload, ctx)) as InquiryResult;
        // "I don't know, shall I ask someone?" stays as written: a model must not guess.
        if (!result.answered) return result;
        const p = payload as InquiryPayload;
        const profile = await this.profileOf(ctx.tenant).catch(() => undefined);
        if (!profile) return result;
        const job = this.jobs.shape({
          tenant: profile,
          intent: p.intent,
          topic: p.topic,
          language: p.language,
          facts: result.text,
          threadKey: ctx.threadKey,
        });
        const routed = await this.deps.router.route(job);
        return { ...result, text: routed.value } satisfies InquiryResult;
      },
    };
  }

  profileOf(tenant: Tenant): Promise<TenantProfile> {
    let p = this.profiles.get(tenant.slug);
    if (!p) {
      p = loadNluCatalog(this.deps.db, tenant.schema).then((catalog) => ({
        slug: tenant.slug,
        name: tenant.name,
        timezone: tenant.timezone,
        services: catalog.services,
        staff: catalog.staff,
        dials: readPersonalityDials(tenant.settings.personality),
      }));
      this.profiles.set(tenant.slug, p);
      p.catch(() => this.profiles.delete(tenant.slug));
    }
    return p;
  }
}

/** The configured providers, Anthropic first; none without keys. */
export function llmProviders(llm: LlmConfig): LlmProvider[] {
  const { timeoutMs } = llm;
  const configured = [
    { key: llm.anthropic, create: createAnthropicProvider },
    { key: llm.openai, create: createOpenAiProvider },
  ];
  return configured.flatMap(({ key, create }) => {
    if (!key) return [];
    const options: Partial<LlmProviderOptions> & { apiKey: string } = {
      apiKey: key.apiKey,
      timeoutMs,
      ...(key.baseUrl ? { baseURL: key.baseUrl } : {}),
      ...(key.model ? { model: key.model } : {}),
    };
    return [create(options)];
  });
}

function logRouterEvent(log: Logger, e: RouterEvent): void {
  switch (e.type) {
    case 'attempt_failed':
      log.warn(
        {
          task: e.task,
          tenant: e.tenant,
          provider: e.provider,
          attempt: e.attempt,
          reason: e.reason,
        },
        'model call failed',
      );
      return;
    case 'fallback':
      log.warn(
        { task: e.task, tenant: e.tenant, reasons: e.reasons },
        'no model answered; embedded fallback',
      );
      return;
    case 'provider_paused':
      log.warn({ provider: e.provider, forMs: e.forMs }, 'model provider paused after failures');
      return;
    case 'ledger_failed':
      log.error({ err: e.error, tenant: e.tenant }, 'llm ledger write failed');
      return;
    case 'fallback_failed':
      log.error({ err: e.error, task: e.task, tenant: e.tenant }, 'embedded fallback failed');
      return;
  }
}

/** The router over the configured providers, writing its ledger into the tenant schemas. */
export function llmRouterFromConfig(
  llm: LlmConfig,
  deps: { db: Queryable; log: Logger; ledger?: LedgerSink },
): LlmRouter | undefined {
  const providers = llmProviders(llm);
  if (providers.length === 0) return undefined;
  return createLlmRouter({
    providers,
    ledger: deps.ledger ?? createTenantLedgerSink(deps.db),
    timeoutMs: llm.timeoutMs,
    deadlineMs: Math.round(llm.timeoutMs * 2.5),
    onEvent: (e) => logRouterEvent(deps.log, e),
  });
}

/** The embedded parser, or the LLM router in front of it when a model key is configured. */
export function createUnderstander(llm: LlmConfig, db: Queryable, log: Logger): TenantUnderstander {
  const embedded = new EmbeddedUnderstander(db, log);
  const router = llmRouterFromConfig(llm, { db, log });
  if (!router) return embedded;
  log.info({ providers: router.providers }, 'language models configured');
  return new LlmUnderstander({ db, log, router, embedded });
}

/** The booking handlers, with inquiry answers shaped by the router when models are configured. */
export function withInquiryShaping(
  handlers: Record<string, EffectHandler>,
  understander: Understander,
): Record<string, EffectHandler> {
  const inquiry = handlers['inquiry.answer'];
  if (!(understander instanceof LlmUnderstander) || !inquiry) return handlers;
  return { ...handlers, 'inquiry.answer': understander.shapeInquiryAnswers(inquiry) };
}
