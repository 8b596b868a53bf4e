import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, CommanderError } from 'commander';
import { RatibaError } from '../../contract';

const VERSION =
  // import.meta.dirname, not import.meta.url: the production bundle keeps each file's folder.
  (
    JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as {
      version: string;
    }
  ).version;

/**
 * The command line, on commander. Every command's module is imported only when it runs, so
 * `--help` and `--version` load nothing of the runtime.
 */
function program(env: NodeJS.ProcessEnv, done: (code: number) => void): Command {
  const run = (fn: () => Promise<number>) => async () => done(await fn());
  const cli = new Command('ratiba')
    .description('Ratiba: a conversation runtime for service businesses')
    .version(VERSION, '-v, --version')
    .exitOverride() // before the commands: they inherit it
    .showSuggestionAfterError(true)
    .addHelpText('after', '\nconfiguration is read from the environment; see README.md.');
  cli
    .command('start')
    .description('run the backend (what `npm start` runs)')
    .action(run(async () => (await import('./start-command')).startCommand()));
  cli
    .command('migrate')
    .description('migrate the public registry and every tenant schema')
    .action(run(async () => (await import('./db-commands')).migrateCommand()));
  const tenant = cli.command('tenant').description('manage tenants from their files');
  tenant
    .command('apply <file>')
    .description('create or update a tenant from its file (idempotent)')
    .action((file: string) =>
      run(async () => (await import('./db-commands')).tenantApplyCommand(file))(),
    );
  tenant
    .command('validate <file>')
    .description('check a tenant file without touching the database')
    .action((file: string) =>
      run(async () => (await import('./tenant-validate')).tenantValidateCommand(file))(),
    );
  cli
    .command('catalog')
    .description("manage a tenant's catalog")
    .command('import <file>')
    .description('add or update services from a CSV price list; a bad line changes nothing')
    .requiredOption('--tenant <slug>', 'the tenant whose catalog it is')
    .option('--dry-run', 'check and show the changes, write nothing', false)
    .action((file: string, o: { tenant: string; dryRun: boolean }) =>
      run(async () =>
        (await import('./catalog-command')).catalogImportCommand(file, o.tenant, o.dryRun),
      )(),
    );
  cli
    .command('call')
    .description('a phone call with offline voice (see `ratiba call --help`)')
    .helpOption(false) // its own options and help, parsed by call-command
    .allowUnknownOption()
    .allowExcessArguments()
    .action((_o: unknown, cmd: Command) =>
      run(async () => (await import('./call-command')).callCommand(cmd.args))(),
    );
  cli
    .command('voice-worker')
    .description('answer phone calls: the LiveKit Agents worker (README "Voice")')
    .action(run(async () => (await import('./voice-worker-command')).voiceWorkerCommand(env)));
  cli
    .command('doctor')
    .description('check the database, NATS, Redis, tenants and keys this process would use')
    .action(run(async () => (await import('./doctor-command')).doctorCommand(env)));
  cli
    .command('chat')
    .description('chat with the simulator from the terminal')
    .requiredOption('--tenant <slug>', 'the tenant to talk to')
    .requiredOption('--from <phone>', 'your phone number, E.164 (+254712345678)')
    .option('--url <url>', 'the backend', `http://localhost:${env.PORT || 3000}`)
    .option('--token <jwt>', 'a console access token (when the backend uses Keycloak)')
    .action((o: { tenant: string; from: string; url: string; token?: string }) =>
      run(async () => (await import('./chat-command')).chatCommand(o))(),
    );
  return cli;
}

/** `npx ratiba <command>`. Returns the exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let code = 0;
  const cli = program(env, (c) => (code = c));
  try {
    if (argv.length === 0) {
      cli.outputHelp();
      return 2;
    }
    await cli.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version exit 0; commander has already printed the unknown command or option.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof RatibaError && err.public) {
      console.error(`ratiba: ${err.message}`);
      return 1;
    }
    console.error(err);
    return 1;
  }
}
