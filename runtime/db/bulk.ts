/**
 * The one bulk-write helper of the stores: many rows travel as one JSON array parameter and come
 * back out as a relation (`jsonb_to_recordset`), so a group of any size is one statement with a
 * fixed text (prepared once per connection).
 */

/** Column name -> SQL type, in the order the rows are written. */
export type Columns = Readonly<Record<string, string>>;

/** `jsonb_to_recordset($n::jsonb) AS x(col type, ...)`: the rows of parameter `$n` as relation x. */
export function recordset(columns: Columns, param = 1, alias = 'x'): string {
  const list = Object.entries(columns).map(([name, type]) => `${name} ${type}`);
  return `jsonb_to_recordset($${param}::jsonb) AS ${alias}(${list.join(', ')})`;
}

/**
 * The same with row order kept: `n` numbers the rows 1, 2, ... as given, for statements that
 * must insert in order (ids follow the order of the array).
 */
export function orderedRecordset(columns: Columns, param = 1, alias = 'x'): string {
  const names = Object.keys(columns);
  const list = Object.entries(columns).map(([name, type]) => `${name} ${type}`);
  return `ROWS FROM (jsonb_to_recordset($${param}::jsonb) AS (${list.join(', ')}))
    WITH ORDINALITY AS ${alias}(${names.join(', ')}, n)`;
}

/** The column list `a, b, c` of `columns`. */
export const columnList = (columns: Columns): string => Object.keys(columns).join(', ');

/** The parameter value of a recordset: the rows as one JSON array. */
export const jsonRows = (rows: readonly object[]): string => JSON.stringify(rows);

/**
 * A retention delete: `del` (a store's `DELETE FROM <table>`) of up to `$3` rows of `table` on the
 * shards `$1` whose `finishedAt` (a condition ending in the finishing time's column) lies more
 * than `$2` ms back, oldest first.
 */
export const purgeOldestSql = (del: string, table: string, finishedAt: string): string =>
  `${del} WHERE id IN (
     SELECT id FROM ${table}
     WHERE ${finishedAt} < now() - make_interval(secs => $2::double precision / 1000)
       AND shard = ANY($1::int[])
     ORDER BY id LIMIT $3)`;
