import { startRuntime } from '../app';
import { loadConfig } from '../config';

/** `ratiba start`: runs until SIGTERM/SIGINT, then shuts down gracefully and exits 0. */
export async function startCommand(): Promise<number> {
  const config = loadConfig();
  const runtime = await startRuntime(config);
  const embedded = !config.databaseUrl;
  const lines = [
    '',
    `  Ratiba is running at ${runtime.http.url}`,
    embedded
      ? `  embedded database: ${config.dataDir}/pg (set DATABASE_URL to use PostgreSQL)`
      : '  database: DATABASE_URL',
    config.simulatorEnabled
      ? `  chat with the demo:  npx ratiba chat --tenant demo --from +254712345678`
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
