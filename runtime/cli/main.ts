import { parseArgs } from 'node:util';
import { RatibaError } from '../../contract';
import { callCommand } from './call-command';
import { catalogImportCommand } from './catalog-command';
import { chatCommand } from './chat-command';
import { migrateCommand, tenantApplyCommand } from './db-commands';
import { startCommand } from './start-command';

const USAGE = `usage: ratiba <command>

commands:
  start                              run the backend (what \`npm start\` runs)
  migrate                            migrate public and every tenant schema
  tenant apply <tenant.yaml>         create or update a tenant from its file (idempotent)
  catalog import <file.csv> --tenant <slug> [--dry-run]
                                     add or update services from a CSV price list; a bad
                                     line is reported and nothing is changed
  chat --tenant <slug> --from <phone> [--url http://localhost:3000]
                                     chat with the simulator from the terminal
  call --tenant <slug> --from <phone> [--say "..." | --wav f.wav | --text "..."]...
                                     a phone call with offline voice (see \`ratiba call --help\`)

configuration is read from the environment; see README.md.`;

/** `npx ratiba <command>`. Returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'start':
        return await startCommand();
      case 'migrate':
        return await migrateCommand();
      case 'tenant': {
        const [sub, file] = rest;
        if (sub !== 'apply' || !file) break;
        return await tenantApplyCommand(file);
      }
      case 'catalog': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          options: { tenant: { type: 'string' }, 'dry-run': { type: 'boolean' } },
        });
        const [sub, file] = positionals;
        if (sub !== 'import' || !file || !values.tenant) break;
        return await catalogImportCommand(file, values.tenant, values['dry-run'] ?? false);
      }
      case 'chat': {
        const { values } = parseArgs({
          args: rest,
          options: {
            tenant: { type: 'string' },
            from: { type: 'string' },
            url: { type: 'string' },
          },
        });
        if (!values.tenant || !values.from) break;
        return await chatCommand({
          tenant: values.tenant,
          from: values.from,
          url: values.url ?? `http://localhost:${process.env.PORT ?? 3000}`,
        });
      }
      case 'call':
        return await callCommand(rest);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        console.log(USAGE);
        return command === undefined ? 2 : 0;
    }
  } catch (err) {
    if (err instanceof RatibaError && err.public) {
      console.error(`ratiba: ${err.message}`);
      return 1;
    }
    console.error(err);
    return 1;
  }
  console.error(USAGE);
  return 2;
}
