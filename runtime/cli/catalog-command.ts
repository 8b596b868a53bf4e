import { readFile } from 'node:fs/promises';
import { publicError } from '../../contract';
import { migrateAll } from '../db/migrate';
import { createLogger } from '../logger';
import { describeImport, importCatalogCsv } from '../tenancy/catalog-import';
import { withDatabase } from './db-commands';

/** `ratiba catalog import <file.csv> --tenant <slug> [--dry-run]`: exit 1 when any line is bad. */
export async function catalogImportCommand(
  file: string,
  tenant: string,
  dryRun: boolean,
): Promise<number> {
  const csv = await readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw publicError('bad_request', `cannot read ${file}: ${err.code ?? err.message}`);
  });
  const log = createLogger({ level: 'warn', logPii: false });
  const result = await withDatabase(async (db) => {
    await migrateAll(db);
    return importCatalogCsv(db, tenant, csv, { dryRun, log, source: 'cli' });
  });
  const lines = describeImport(result);
  (result.problems.length > 0 ? console.error : console.log)(lines.join('\n'));
  return result.problems.length > 0 ? 1 : 0;
}
