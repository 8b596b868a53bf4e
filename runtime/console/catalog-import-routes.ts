import { randomUUID } from 'node:crypto';
import type Router from '@koa/router';
import type { AssetStore } from '../../adapters';
import type { Context } from 'koa';
import { MAX_IMPORT_BYTES } from '../../booking';
import { publicError } from '../../contract';
import type { Database } from '../db/database';
import { readRawBody } from '../http/body';
import type { Logger } from '../logger';
import { importCatalogCsv } from '../tenancy/catalog-import';
import { operatorOfTenant, type ConsoleAuth } from './console-auth';

/**
 * `POST /api/tenants/:tenant/catalog/import[?dry_run=1]`, body `text/csv`: the console's upload
 * of a price list. 200 with what changed (or would change); 422 with every problem by line and
 * nothing changed. Same checks and transaction as `ratiba catalog import`. Every applied file is
 * kept in the asset store (S3/MinIO or files) under `t_<slug>/catalog-imports/`.
 */
export function catalogImportRoutes(
  router: Router,
  deps: { db: Database; auth: ConsoleAuth; log: Logger; assets: AssetStore },
): void {
  router.post(
    '/api/tenants/:tenant/catalog/import',
    async (ctx: Context & { params: Record<string, string | undefined> }) => {
      const { p, slug } = await operatorOfTenant(deps.auth, ctx);
      if (!ctx.is('text/csv', 'text/plain'))
        throw publicError('unsupported_media_type', 'send the price list as text/csv');
      const raw = await readRawBody(ctx, MAX_IMPORT_BYTES);
      const csv = new TextDecoder('utf-8', { fatal: false }).decode(raw);
      const dryRun = ctx.query.dry_run === '1' || ctx.query.dry_run === 'true';
      const result = await importCatalogCsv(deps.db, slug, csv, {
        dryRun,
        log: deps.log.child({ operator: p.subject }),
        source: 'console',
      });
      const storedAs = result.applied ? await keep(deps, slug, raw, p.subject) : null;
      ctx.status = result.problems.length > 0 ? 422 : 200;
      ctx.body =
        result.problems.length > 0
          ? {
              error: 'bad_request',
              message: `${result.problems.length} problem(s); nothing changed`,
              ...result,
            }
          : { ...result, storedAs };
    },
  );
}

/** The applied file, for the record; a storage failure is logged, the import stands. */
async function keep(
  deps: { assets: AssetStore; log: Logger },
  slug: string,
  csv: Buffer,
  operator: string,
): Promise<string | null> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const key = `t_${slug}/catalog-imports/${stamp}-${randomUUID().slice(0, 8)}.csv`;
  try {
    await deps.assets.put(key, csv, {
      contentType: 'text/csv; charset=utf-8',
      metadata: { tenant: slug, operator: operator.replace(/[^\x20-\x7e]/g, '?').slice(0, 200) },
    });
    return key;
  } catch (err) {
    deps.log.warn({ err, tenant: slug, key }, 'catalog import not kept in storage');
    return null;
  }
}
