import type Router from '@koa/router';
import type { ShardOwnership } from '../cluster/shard-ownership';
import type { Database } from '../db/database';
import type { Metrics } from '../metrics';

export function healthRoutes(
  router: Router,
  deps: { db: Database; ownership: ShardOwnership; metrics: Metrics; nodeId: string },
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
    ctx.type = deps.metrics.registry.contentType;
    ctx.body = await deps.metrics.registry.metrics();
  });
}
