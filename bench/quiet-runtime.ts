import { startRuntime, type Runtime } from '../runtime/app';
import { loadConfig } from '../runtime/config';
import { createLogger } from '../runtime/logger';
import { withBenchDatabase } from './bench-database';

/**
 * A runtime for a benchmark: on `databaseUrl`, a free local port, production defaults (no test
 * tuning) but for `env`, and a silent log.
 */
export async function startQuietRuntime(
  databaseUrl: string,
  env: Record<string, string>,
): Promise<Runtime> {
  const config = loadConfig({ DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', ...env });
  return startRuntime(config, { logger: createLogger({ level: 'silent', logPii: false }) });
}

/** Runs `fn` on a quiet runtime (see above) over a fresh bench database; stops it after. */
export function withQuietRuntime<T>(
  env: Record<string, string>,
  fn: (rt: Runtime, databaseUrl: string) => Promise<T>,
): Promise<T> {
  return withBenchDatabase(async (url) => {
    const rt = await startQuietRuntime(url, env);
    try {
      return await fn(rt, url);
    } finally {
      await rt.stop();
    }
  });
}
