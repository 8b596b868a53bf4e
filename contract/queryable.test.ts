import { describe, expect, it } from 'vitest';
import { firstRow, queryOne, queryRows, type Queryable } from './queryable';

/** A Queryable answering every query with `rows`, and recording what it was asked. */
function answering(rows: Record<string, unknown>[]) {
  const asked: { text: string; values: readonly unknown[] | undefined }[] = [];
  const q: Queryable = {
    query<R>(text: string, values?: readonly unknown[]) {
      asked.push({ text, values });
      return Promise.resolve({ rows: rows as R[], rowCount: rows.length });
    },
  };
  return { q, asked };
}

describe('queryRows', () => {
  it('sends the text and values and maps every row, in order', async () => {
    const { q, asked } = answering([{ n: '2' }, { n: '5' }]);
    const out = await queryRows(q, 'SELECT n FROM t WHERE x = $1', [7], (r: { n: string }) =>
      Number(r.n),
    );
    expect(out).toEqual([2, 5]);
    expect(asked).toEqual([{ text: 'SELECT n FROM t WHERE x = $1', values: [7] }]);
  });

  it('hands `map` the row alone (a map with a second parameter gets no index)', async () => {
    const { q } = answering([{ n: 1 }, { n: 2 }]);
    const out = await queryRows(q, 'SELECT', [], (r: { n: number }, ...rest: unknown[]) => [
      r.n,
      rest.length,
    ]);
    expect(out).toEqual([
      [1, 0],
      [2, 0],
    ]);
  });

  it('answers an empty list when there are no rows', async () => {
    const { q } = answering([]);
    expect(await queryRows(q, 'SELECT', [], (r: { n: number }) => r.n)).toEqual([]);
  });
});

describe('queryOne and firstRow', () => {
  it('map the first row only', async () => {
    const { q } = answering([{ id: '9' }, { id: '10' }]);
    expect(await queryOne(q, 'SELECT', [], (r: { id: string }) => Number(r.id))).toBe(9);
    expect(await firstRow<{ id: string }>(q, 'SELECT', [])).toEqual({ id: '9' });
  });

  it('answer undefined without calling map when there is no row', async () => {
    const { q } = answering([]);
    let called = false;
    const out = await queryOne(q, 'SELECT', [], () => {
      called = true;
      return 1;
    });
    expect(out).toBeUndefined();
    expect(called).toBe(false);
    expect(await firstRow(q, 'SELECT', [])).toBeUndefined();
  });
});
