import { startRuntime, type Runtime } from '../runtime/app';
import { loadConfig } from '../runtime/config';
import { createLogger } from '../runtime/logger';

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
