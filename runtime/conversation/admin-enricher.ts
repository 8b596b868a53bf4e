import { adminExtractJob, createAdminParser, type AdminParser } from '../../understanding';
import type { LlmUnderstander } from './llm-understander';
import type { Queryable } from '../../contract';
import { ident } from '../../contract';
import type { Logger } from '../logger';
import type { EventEnricher } from '../supervisor/supervisor';
import type { Tenant } from '../tenancy/tenant-registry';
import { loadNluCatalog } from './understanding-enricher';

/**
 * Reads owners' messages (admin threads, `a:<id>`) with the admin command parser and attaches
 * the result as `event.admin` before the turn; journaled with the event, so a replay is
 * deterministic. One parser per tenant, built from its catalog, dropped when the tenant changes.
 */
export class AdminUnderstander {
  private readonly parsers = new Map<string, Promise<AdminParser>>();

  constructor(
    private readonly db: Queryable,
    private readonly log: Logger,
    /** The LLM router (when a model key is set): reads what the parser cannot. */
    readonly llm?: Pick<LlmUnderstander, 'route' | 'profileOf'>,
  ) {}

  invalidate(slug?: string): void {
    if (slug === undefined) this.parsers.clear();
    else this.parsers.delete(slug);
  }

  parserOf(tenant: Tenant): Promise<AdminParser> {
    let p = this.parsers.get(tenant.slug);
    if (!p) {
      p = (async () => {
        // Paused services too: the owner may resume them.
        const [catalog, services] = await Promise.all([
          loadNluCatalog(this.db, tenant.schema),
          this.db.query<{ id: string; name_en: string; name_sw: string | null; aliases: string[] }>(
            `SELECT id, name_en, name_sw, aliases FROM ${ident(tenant.schema)}.services ORDER BY position, id`,
          ),
        ]);
        return createAdminParser({
          staff: catalog.staff,
          services: services.rows.map((r) => ({
            id: r.id,
            names: [r.name_en, ...(r.name_sw ? [r.name_sw] : []), ...r.aliases],
          })),
          serviceNames: Object.fromEntries(services.rows.map((r) => [r.id, r.name_en])),
        });
      })();
      this.parsers.set(tenant.slug, p);
      p.catch((err: unknown) => {
        this.log.warn({ err, tenant: tenant.slug }, 'admin parser could not be built');
        this.parsers.delete(tenant.slug);
      });
    }
    return p;
  }
}

/** Admin threads get `admin`, customer threads what `customer` attaches. */
export function withAdminUnderstanding(
  admin: AdminUnderstander,
  customer: EventEnricher,
): EventEnricher {
  return async (ctx) => {
    const { tenant, threadKey, event } = ctx;
    if (!threadKey.startsWith('a:')) return customer(ctx);
    if (event.type !== 'message' || typeof event.text !== 'string' || event.admin) return event;
    const parser = await admin.parserOf(tenant);
    const pctx = { now: event.at, timezone: tenant.timezone };
    if (!admin.llm) return { ...event, admin: parser.parse(event.text, pctx) };
    const profile = await admin.llm.profileOf(tenant).catch(() => undefined);
    if (!profile) return { ...event, admin: parser.parse(event.text, pctx) };
    const job = adminExtractJob({
      tenant: profile,
      parser,
      text: event.text,
      ctx: pctx,
      threadKey,
    });
    return { ...event, admin: (await admin.llm.route(job)).value };
  };
}
