/**
 * The small surface every query function takes: a pool, a client or a transaction. The domain
 * (booking/) and the runtime's stores both take it; `runtime/db` implements it over `pg`.
 */
export interface Queryable {
  // Row types are declared by each query (interfaces have no index signature, so `unknown` rows
  // would not accept them); `any` here is what `pg`'s own QueryResultRow is.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query<R extends { [column: string]: any } = { [column: string]: any }>(
    text: string,
    values?: readonly unknown[],
  ): Promise<{ rows: R[]; rowCount: number | null }>;
}

/** A `Queryable` that can also run a function in one transaction on one connection. */
export interface Transactional extends Queryable {
  /** Commits when `fn` resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
}

/** The first row a query returns, or undefined when it returns none. */
export async function firstRow<R extends object>(
  q: Queryable,
  text: string,
  values: readonly unknown[],
): Promise<R | undefined> {
  const { rows } = await q.query<R & Record<string, unknown>>(text, values);
  return rows[0];
}

/**
 * The rows a query returns, each made into a `T` by `map` (the repositories' usual shape: a
 * typed row in, a domain object out). Declare the row type on `map`'s parameter.
 */
export async function queryRows<R extends object, T>(
  q: Queryable,
  text: string,
  values: readonly unknown[],
  map: (row: R) => T,
): Promise<T[]> {
  const { rows } = await q.query<R & Record<string, unknown>>(text, values);
  return rows.map((row) => map(row));
}

/** The first row a query returns made into a `T` by `map`, or undefined when it returns none. */
export async function queryOne<R extends object, T>(
  q: Queryable,
  text: string,
  values: readonly unknown[],
  map: (row: R) => T,
): Promise<T | undefined> {
  const row = await firstRow<R>(q, text, values);
  return row === undefined ? undefined : map(row);
}
