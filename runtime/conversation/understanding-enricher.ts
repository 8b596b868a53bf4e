import {
  ident,
  type Language,
  type Queryable,
  type TenantSchema,
  type Understanding,
} from '../../contract';
import { createEmbeddedParser, type EmbeddedParser, type NluCatalog } from '../../understanding';
import type { Logger } from '../logger';
import type { EventEnricher } from '../supervisor/supervisor';
import type { Tenant } from '../tenancy/tenant-registry';

/** Understands a message: the embedded parser by default; the LLM router when configured. */
export interface Understander {
  understand(
    tenant: Tenant,
    text: string,
    ctx: { now: number; previousLanguage?: Language },
  ): Promise<Understanding>;
}

/** The services and staff names the parser matches against, from the tenant's catalog tables. */
export async function loadNluCatalog(q: Queryable, schema: TenantSchema): Promise<NluCatalog> {
  const s = ident(schema);
  const [services, staff] = await Promise.all([
    q.query<{ id: string; name_en: string; name_sw: string | null; aliases: string[] }>(
      `SELECT id, name_en, name_sw, aliases FROM ${s}.services WHERE active ORDER BY id`,
    ),
    q.query<{ id: string; name: string }>(
      `SELECT id, name FROM ${s}.staff WHERE active ORDER BY id`,
    ),
  ]);
  return {
    services: services.rows.map((r) => ({
      id: r.id,
      names: [r.name_en, ...(r.name_sw ? [r.name_sw] : []), ...r.aliases],
    })),
    staff: staff.rows,
  };
}

/**
 * The embedded English + Swahili parser, one per tenant, built from its catalog and dropped when
 * the tenant changes (`invalidate`, driven by the registry change bus).
 */
export class EmbeddedUnderstander implements Understander {
  private readonly parsers = new Map<string, Promise<EmbeddedParser>>();

  constructor(
    private readonly db: Queryable,
    private readonly log: Logger,
  ) {}

  async understand(
    tenant: Tenant,
    text: string,
    ctx: { now: number; previousLanguage?: Language },
  ): Promise<Understanding> {
    const parser = await this.parserOf(tenant);
    return parser.parse(text, {
      now: ctx.now,
      timezone: tenant.timezone,
      ...(ctx.previousLanguage ? { previousLanguage: ctx.previousLanguage } : {}),
    });
  }

  invalidate(slug?: string): void {
    if (slug === undefined) this.parsers.clear();
    else this.parsers.delete(slug);
  }

  private parserOf(tenant: Tenant): Promise<EmbeddedParser> {
    let p = this.parsers.get(tenant.slug);
    if (!p) {
      p = loadNluCatalog(this.db, tenant.schema).then((catalog) =>
        createEmbeddedParser(catalog, {
          onError: (err) =>
            this.log.warn({ err, tenant: tenant.slug }, 'parser failed on a message'),
        }),
      );
      this.parsers.set(tenant.slug, p);
      p.catch(() => this.parsers.delete(tenant.slug));
    }
    return p;
  }
}

/**
 * Attaches `understanding` to inbound messages before the turn. The result is journaled with the
 * event, so replaying a thread never re-asks the parser or a model.
 */
export function understandingEnricher(understander: Understander): EventEnricher {
  const lastLanguage = new Map<string, Language>();
  return async ({ tenant, threadKey, event }) => {
    if (event.type !== 'message' || typeof event.text !== 'string' || event.understanding)
      return event;
    const key = `${tenant.slug}/${threadKey}`;
    const previousLanguage = lastLanguage.get(key);
    const understanding = await understander.understand(tenant, event.text, {
      now: event.at,
      ...(previousLanguage ? { previousLanguage } : {}),
    });
    if (lastLanguage.size > 100_000) lastLanguage.clear();
    lastLanguage.set(key, understanding.language);
    return { ...event, understanding };
  };
}
