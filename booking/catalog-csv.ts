/**
 * A price list as CSV (`ratiba catalog import`, the console's upload): parsed and checked in
 * full before anything is written. Every problem is reported with its line; one bad row makes
 * the whole file refused (nothing half-applies).
 */
import { parse } from 'csv-parse/sync';

export interface ImportRow {
  /** 1-based line of the file where the row starts. */
  line: number;
  /** Unset: matched by name to an existing service, or made from the name. */
  id: string | undefined;
  nameEn: string;
  nameSw: string | undefined;
  category: string | undefined;
  durationMin: number;
  bufferMin: number | undefined;
  priceKesMinor: number;
  active: boolean | undefined;
  aliases: string[] | undefined;
  /** Staff ids offering it; unset: unchanged for an existing service, every active staff for a new one. */
  staff: string[] | undefined;
}

export interface ImportProblem {
  line: number;
  column?: string;
  message: string;
}

export const MAX_IMPORT_ROWS = 500;
export const MAX_IMPORT_BYTES = 1024 * 1024;

const COLUMN_NAMES: Record<string, string> = {
  id: 'id',
  name: 'name',
  name_en: 'name',
  service: 'name',
  name_sw: 'name_sw',
  category: 'category',
  duration_min: 'duration_min',
  duration: 'duration_min',
  minutes: 'duration_min',
  buffer_min: 'buffer_min',
  price_kes: 'price_kes',
  price: 'price_kes',
  active: 'active',
  aliases: 'aliases',
  staff: 'staff',
};
const REQUIRED = ['name', 'duration_min', 'price_kes'];

class CellError extends Error {}

/** "1,500", "KES 1500", "Ksh 1,500.50", "800/=" -> minor units. */
export function parsePriceKes(text: string): number {
  const t = text
    .trim()
    .replace(/^(kes|ksh|kshs)\.?\s*/i, '')
    .replace(/\s*\/[=-]$/, '')
    .replace(/[\s,]/g, '');
  if (!/^\d{1,8}(\.\d{1,2})?$/.test(t))
    throw new CellError(`not a price in KES: ${JSON.stringify(text)}`);
  return Math.round(Number(t) * 100);
}

/** "45", "45 min", "1h", "1h30", "1:30" -> minutes, 5 to 720. */
export function parseDurationMin(text: string, min = 5): number {
  const t = text.trim().toLowerCase();
  let m: RegExpExecArray | null;
  let minutes: number;
  if ((m = /^(\d{1,3})\s*(m|min|mins|minutes|dk|dakika)?$/.exec(t))) minutes = Number(m[1]);
  else if ((m = /^(\d{1,2})\s*(h|hr|hrs|hours?|saa)\s*(\d{1,2})?\s*(m|min|mins)?$/.exec(t)))
    minutes = Number(m[1]) * 60 + Number(m[3] ?? 0);
  else if ((m = /^(\d{1,2}):([0-5]\d)$/.exec(t))) minutes = Number(m[1]) * 60 + Number(m[2]);
  else throw new CellError(`not a duration in minutes: ${JSON.stringify(text)}`);
  if (minutes < min || minutes > 720) throw new CellError(`must be between ${min} and 720 minutes`);
  return minutes;
}

function parseActive(text: string): boolean {
  const t = text.trim().toLowerCase();
  if (['yes', 'y', 'true', '1', 'ndiyo', 'ndio'].includes(t)) return true;
  if (['no', 'n', 'false', '0', 'hapana'].includes(t)) return false;
  throw new CellError(`not yes or no: ${JSON.stringify(text)}`);
}

const list = (text: string) =>
  text
    .split(/[;|]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** Lone surrogates become U+FFFD (as UTF-8 decoding of bad bytes does), which text refuses. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function checkText(value: string, max: number): string {
  // Lone surrogates and control characters (NUL included) never reach the database.
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  if (/\uFFFD/.test(value) || /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value))
    throw new CellError(
      'contains characters that are not text (NUL, control characters, or bytes that are not UTF-8)',
    );
  if (value.length > max) throw new CellError(`longer than ${max} characters`);
  return value;
}

type Cells = Record<string, string>;

/**
 * One row from its cells by column (`name`, `price_kes`, `duration_min`, ...), checked by the
 * rules of the CSV import; throws an Error with `column` set on the first bad cell.
 */
function rowOf(line: number, cells: Cells): ImportRow {
  const opt = (c: string) => (cells[c] ?? '').trim() || undefined;
  const id = opt('id');
  if (id !== undefined && !/^[a-z0-9-]{1,40}$/.test(id))
    throw Object.assign(new CellError('lowercase letters, digits and -, at most 40'), {
      column: 'id',
    });
  const cell = <T>(column: string, fn: (v: string) => T): T => {
    try {
      return fn(cells[column] ?? '');
    } catch (err) {
      throw Object.assign(err instanceof CellError ? err : new CellError(String(err)), { column });
    }
  };
  const name = cell('name', (v) => checkText(v.trim(), 200));
  if (!name) throw Object.assign(new CellError('a service needs a name'), { column: 'name' });
  return {
    line,
    id,
    nameEn: name,
    nameSw: opt('name_sw') && cell('name_sw', (v) => checkText(v.trim(), 200)),
    category: opt('category') && cell('category', (v) => checkText(v.trim(), 80)),
    durationMin: cell('duration_min', (v) => parseDurationMin(v)),
    bufferMin:
      opt('buffer_min') === undefined
        ? undefined
        : cell('buffer_min', (v) => parseDurationMin(v, 0)),
    priceKesMinor: cell('price_kes', parsePriceKes),
    active: opt('active') === undefined ? undefined : cell('active', parseActive),
    aliases:
      opt('aliases') === undefined ? undefined : cell('aliases', (v) => list(checkText(v, 1000))),
    staff: opt('staff') === undefined ? undefined : cell('staff', (v) => list(checkText(v, 1000))),
  };
}

function headerOf(record: string[], problems: ImportProblem[]): string[] {
  const columns = record.map(
    (h) =>
      COLUMN_NAMES[
        h
          .trim()
          .toLowerCase()
          .replace(/[\s-]+/g, '_')
      ] ?? '',
  );
  record.forEach((h, i) => {
    if (!columns[i])
      problems.push({ line: 1, column: h, message: `unknown column ${JSON.stringify(h)}` });
  });
  for (const r of REQUIRED) {
    if (!columns.includes(r))
      problems.push({ line: 1, column: r, message: `column ${r} is missing` });
  }
  const seen = new Set<string>();
  for (const c of columns) {
    if (c && seen.has(c))
      problems.push({ line: 1, column: c, message: `column ${c} appears twice` });
    seen.add(c);
  }
  return columns;
}

type Records = { record: string[]; info: { lines: number } }[];

function readRecords(text: string): Records | ImportProblem {
  try {
    return parse(text, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as unknown as Records;
  } catch (err) {
    const e = err as Error & { lines?: number };
    return {
      line: e.lines ?? 1,
      message: `not valid CSV: ${e.message.replace(/^Invalid Record Length: /, '')}`,
    };
  }
}

/** Parses and checks a whole CSV price list; `problems` empty means every row is good. */
export function parseCatalogCsv(text: string): { rows: ImportRow[]; problems: ImportProblem[] } {
  if (Buffer.byteLength(text) > MAX_IMPORT_BYTES)
    return {
      rows: [],
      problems: [{ line: 1, message: `the file is over ${MAX_IMPORT_BYTES} bytes` }],
    };
  const records = readRecords(text.replace(LONE_SURROGATE, '\uFFFD'));
  if (!Array.isArray(records)) return { rows: [], problems: [records] };
  const problems: ImportProblem[] = [];
  const [head, ...body] = records;
  if (!head) return { rows: [], problems: [{ line: 1, message: 'the file is empty' }] };
  const columns = headerOf(head.record, problems);
  if (body.length > MAX_IMPORT_ROWS)
    problems.push({ line: 1, message: `more than ${MAX_IMPORT_ROWS} services in one file` });
  const rows: ImportRow[] = [];
  for (const { record, info } of body.slice(0, MAX_IMPORT_ROWS)) {
    const line = info.lines - record.join('').split('\n').length + 1;
    if (record.length !== columns.length) {
      problems.push({ line, message: `${record.length} fields, the header has ${columns.length}` });
      continue;
    }
    const cells: Cells = Object.fromEntries(columns.map((c, i) => [c, record[i] ?? '']));
    collectRow(line, cells, { rows, problems });
  }
  return { rows, problems };
}

/**
 * One row's cells (by column) checked by the rules of the CSV import (a CSV line, a draft's row):
 * a good row joins `into.rows`, the first bad cell becomes a problem of that line.
 */
export function collectRow(
  line: number,
  cells: Cells,
  into: { rows: ImportRow[]; problems: ImportProblem[] },
): void {
  try {
    into.rows.push(rowOf(line, cells));
  } catch (err) {
    into.problems.push({
      line,
      column: (err as { column?: string }).column,
      message: (err as Error).message,
    });
  }
}
