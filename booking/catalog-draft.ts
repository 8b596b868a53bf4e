/**
 * A staged catalog draft (a price-list photo read by a model, issue 15) checked by the CSV
 * import's rules: each row becomes the cells of a CSV row and goes through the same checks
 * (catalog-csv.ts `collectRow`) and the same plan (catalog-import.ts `planImport`), so a draft applies
 * exactly as the same list typed into a CSV file would. Problems carry the draft's 1-based row.
 * A row without a duration takes the duration of the service of that name when there is one (a
 * price list usually prints prices only); a new service without one is a problem to fix.
 */
import type { CatalogDraftRow } from '../contract';
import { collectRow, MAX_IMPORT_ROWS, type ImportProblem, type ImportRow } from './catalog-csv';
import { planImport, type CurrentCatalog, type ImportPlan } from './catalog-import';

export interface CheckedDraft {
  rows: ImportRow[];
  problems: ImportProblem[];
  plan: ImportPlan;
}

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function durationOf(row: CatalogDraftRow, current: CurrentCatalog): string | undefined {
  if (row.duration?.trim()) return row.duration;
  const known = current.services.find(
    (s) => sameName(s.name_en, row.name) || (s.name_sw !== null && sameName(s.name_sw, row.name)),
  );
  return known ? String(known.duration_min) : undefined;
}

/** Every row checked and planned against the catalog as it is; `problems` empty: appliable. */
export function checkDraft(
  draft: readonly CatalogDraftRow[],
  current: CurrentCatalog,
): CheckedDraft {
  const problems: ImportProblem[] = [];
  const rows: ImportRow[] = [];
  if (draft.length === 0) problems.push({ line: 1, message: 'the draft has no services' });
  if (draft.length > MAX_IMPORT_ROWS)
    problems.push({ line: 1, message: `more than ${MAX_IMPORT_ROWS} services in one draft` });
  const firstOf = new Map<string, number>();
  draft.slice(0, MAX_IMPORT_ROWS).forEach((d, i) => {
    const line = i + 1;
    const key = d.name.trim().toLowerCase();
    const first = firstOf.get(key);
    if (first !== undefined) {
      problems.push({ line, column: 'name', message: `the same service as row ${first}` });
      return;
    }
    firstOf.set(key, line);
    const duration = durationOf(d, current);
    if (duration === undefined) {
      problems.push({
        line,
        column: 'duration_min',
        message: 'the list gives no duration for this new service; add one',
      });
      return;
    }
    const cells: Record<string, string> = {
      name: d.name,
      name_sw: d.nameSw ?? '',
      category: d.category ?? '',
      price_kes: d.price,
      duration_min: duration,
    };
    collectRow(line, cells, { rows, problems });
  });
  const plan = planImport(rows, current);
  return {
    rows,
    problems: [...problems, ...plan.problems].sort((a, b) => a.line - b.line),
    plan,
  };
}
