import { startRuntime } from '../app';
import { loadConfig } from '../config';

/** `ratiba start`: runs until SIGTERM/SIGINT, then shuts down gracefully and exits 0. */
export async function startCommand(): Promise<number> {
  const config = loadConfig();
  const runtime = await startRuntime(config);
  const embedded = !config.databaseUrl;
  const slugs = await runtime.tenants.list();
  const tenant = slugs.includes('demo') ? 'demo' : slugs[0];
  const lines = [
    '',
    `  Ratiba is running at ${runtime.http.url}`,
    embedded
      ? `  embedded database: ${config.dataDir}/pg (set DATABASE_URL to use PostgreSQL)`
      : '  database: DATABASE_URL',
    config.simulatorEnabled && tenant
      ? `  chat with ${tenant}:  ${chatCommandLine(tenant, runtime.http.url, !!config.keycloak)}`
      : '',
    `  health: ${runtime.http.url}/readyz   metrics: ${runtime.http.url}/metrics`,
    '',
  ];
  process.stdout.write(lines.filter((l) => l !== '').join('\n') + '\n\n');
  await new Promise<void>((resolve) => {
    const done = () => resolve();
    process.once('SIGTERM', done);
    process.once('SIGINT', done);
  });
  await runtime.stop();
  return 0;
}

/** The exact `ratiba chat` command for this backend (its URL; a token when it has a login). */
export function chatCommandLine(tenant: string, url: string, login: boolean): string {
  return `npx ratiba chat --tenant ${tenant} --from +254712345678 --url ${url}${login ? ' --token <access token>' : ''}`;
}
