import { createHash, timingSafeEqual } from 'node:crypto';
import type Router from '@koa/router';
import type { ShardOwnership } from '../cluster/shard-ownership';
import type { Database } from '../db/database';
import type { Metrics } from '../metrics';

export function healthRoutes(
  router: Router,
  deps: {
    db: Database;
    ownership: ShardOwnership;
    metrics: Metrics;
    nodeId: string;
    /** RATIBA_METRICS_TOKEN: /metrics then wants `Authorization: Bearer <token>`. */
    metricsToken?: string | undefined;
  },
): void {
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok', node: deps.nodeId };
  });

  router.get('/readyz', async (ctx) => {
    let database = false;
    try {
      await deps.db.query('SELECT 1');
      database = true;
    } catch {
      database = false;
    }
    const shards = deps.ownership.owned().length;
    const ready = database && deps.ownership.ready();
    ctx.status = ready ? 200 : 503;
    ctx.body = {
      status: ready ? 'ready' : 'not_ready',
      node: deps.nodeId,
      database,
      ownedShards: shards,
      shardCount: deps.ownership.shardCount,
      ...(deps.ownership.status ? { cluster: deps.ownership.status() } : {}),
    };
  });

  router.get('/metrics', async (ctx) => {
    if (deps.metricsToken && !bearerMatches(ctx.get('authorization'), deps.metricsToken)) {
      ctx.status = 401;
      ctx.set('www-authenticate', 'Bearer realm="metrics"');
      ctx.body = { error: 'unauthorized', message: 'metrics need the bearer token' };
      return;
    }
    ctx.type = deps.metrics.registry.contentType;
    ctx.body = await deps.metrics.registry.metrics();
  });
}

/** Constant-time comparison of a presented bearer token with the configured one. */
function bearerMatches(header: string, token: string): boolean {
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  if (!m?.[1]) return false;
  const digest = (v: string) => createHash('sha256').update(v).digest();
  return timingSafeEqual(digest(m[1]), digest(token));
}
