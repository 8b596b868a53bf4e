import { loadConfig, type RatibaConfig } from '../config';
import { describeBootFailure } from '../boot-errors';

interface Check {
  name: string;
  ok: boolean;
  /** What was found, or what is wrong and what to do. */
  detail: string;
  /** Works, but probably not as meant (shown as `warn`, does not fail the doctor). */
  warn?: boolean;
}

const withTimeout = <T>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms).unref(),
    ),
  ]);

async function database(config: RatibaConfig): Promise<Check[]> {
  if (!config.databaseUrl)
    return [
      {
        name: 'database',
        ok: true,
        detail: `embedded, under ${config.dataDir} (DATABASE_URL unset)`,
      },
    ];
  const pg = (await import('pg')).default;
  const client = new pg.Client({
    connectionString: config.databaseUrl,
    connectionTimeoutMillis: 5000,
  });
  try {
    await client.connect();
    const version = (
      await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")
    ).rows[0]?.v;
    const registry = await client
      .query<{ slug: string; schema_name: string; ok: boolean }>(
        `SELECT t.slug, t.schema_name, EXISTS (SELECT 1 FROM pg_namespace n WHERE n.nspname = t.schema_name) AS ok
       FROM public.tenants t ORDER BY t.slug`,
      )
      .catch(() => undefined);
    const checks: Check[] = [
      { name: 'database', ok: true, detail: `PostgreSQL ${version ?? '?'} reachable` },
    ];
    if (!registry) {
      checks.push({
        name: 'tenants',
        ok: false,
        detail: 'no tenant registry: run `ratiba migrate`',
      });
      return checks;
    }
    const missing = registry.rows.filter((r) => !r.ok).map((r) => r.slug);
    checks.push({
      name: 'tenants',
      ok: registry.rows.length > 0 && missing.length === 0,
      detail:
        registry.rows.length === 0
          ? 'none: add one with `ratiba tenant apply <tenant.yaml>`'
          : missing.length > 0
            ? `schema missing for ${missing.join(', ')}: run \`ratiba migrate\``
            : `${registry.rows.length}: ${registry.rows.map((r) => r.slug).join(', ')}`,
    });
    return checks;
  } catch (err) {
    return [
      {
        name: 'database',
        ok: false,
        detail: describeBootFailure({ kind: 'database', url: config.databaseUrl }, err),
      },
    ];
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function nats(config: RatibaConfig): Promise<Check> {
  if (!config.natsUrl)
    return { name: 'nats', ok: true, detail: 'not configured: a single process' };
  const { connect } = await import('@nats-io/transport-node');
  try {
    const nc = await connect({ servers: config.natsUrl, timeout: 3000, reconnect: false });
    const server = nc.info?.version;
    await nc.close();
    return { name: 'nats', ok: true, detail: `NATS ${server ?? ''} reachable`.replace('  ', ' ') };
  } catch (err) {
    return {
      name: 'nats',
      ok: false,
      detail: describeBootFailure({ kind: 'nats', url: config.natsUrl }, err),
    };
  }
}

async function redis(config: RatibaConfig): Promise<Check> {
  if (!config.redisUrl)
    return { name: 'redis', ok: true, detail: 'not configured: in-memory rate limits and dedup' };
  const { Redis } = await import('ioredis');
  const r = new Redis(config.redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 3000,
    retryStrategy: () => null,
  });
  r.on('error', () => undefined);
  try {
    await withTimeout(
      r.connect().then(() => r.ping()),
      4000,
      'redis',
    );
    return { name: 'redis', ok: true, detail: 'reachable' };
  } catch (err) {
    return {
      name: 'redis',
      ok: false,
      detail: `cannot reach Redis (${(err as Error).message}): check REDIS_URL`,
    };
  } finally {
    r.disconnect();
  }
}

function keys(config: RatibaConfig): Check[] {
  return [
    {
      name: 'webhooks',
      ok: true,
      warn: config.meta.appSecret === undefined,
      detail: config.meta.appSecret
        ? 'META_APP_SECRET set: signed webhooks accepted'
        : 'META_APP_SECRET unset: every webhook is refused',
    },
    {
      name: 'console',
      ok: true,
      detail: config.keycloak
        ? `Keycloak login (${config.keycloak.issuer})`
        : 'no login: this machine only',
    },
    {
      name: 'understanding',
      ok: true,
      detail:
        config.llm.anthropic || config.llm.openai
          ? `LLM router (${[config.llm.anthropic && 'anthropic', config.llm.openai && 'openai'].filter(Boolean).join(', ')})`
          : 'embedded parser (no model key)',
    },
  ];
}

/** `ratiba doctor`: every dependency of this configuration checked, one line each; 1 if any failed. */
export async function doctorCommand(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let config: RatibaConfig;
  try {
    config = loadConfig(env);
  } catch (err) {
    console.log(`FAIL config         ${(err as Error).message}`);
    return 1;
  }
  const checks = [
    { name: 'config', ok: true, detail: 'environment valid' },
    ...(await database(config)),
    await nats(config),
    await redis(config),
    ...keys(config),
  ];
  for (const c of checks)
    console.log(`${!c.ok ? 'FAIL' : c.warn ? 'warn' : 'ok  '} ${c.name.padEnd(14)} ${c.detail}`);
  return checks.every((c) => c.ok) ? 0 : 1;
}
