import { describe, expect, it } from 'vitest';
import type { CatalogDraftRow } from '../contract';
import { checkDraft } from './catalog-draft';
import { currentWithHaircut } from './testing/catalog-kit';

const current = currentWithHaircut(['wanjiku']);

const row = (over: Partial<CatalogDraftRow>): CatalogDraftRow => ({
  name: 'Gel polish',
  nameSw: null,
  category: null,
  price: 'KES 1,200',
  duration: '45 min',
  ...over,
});

describe('a catalog draft checked by the CSV rules', () => {
  it('plans new and changed services; a known service keeps its duration when none is printed', () => {
    const d = checkDraft(
      [row({}), row({ name: 'haircut', price: '1,000/=', duration: null })],
      current,
    );
    expect(d.problems).toEqual([]);
    expect(
      d.plan.services.map((s) => [
        s.action,
        s.values.id,
        s.values.price_kes_minor,
        s.values.duration_min,
      ]),
    ).toEqual([
      ['create', 'gel-polish', 120_000, 45],
      ['update', 'haircut', 100_000, 30],
    ]);
  });

  it('reports bad rows by their row number, the whole draft with them', () => {
    const d = checkDraft(
      [
        row({}),
        row({ name: 'Pedicure', price: 'free' }),
        row({ name: 'Facial', duration: null }),
        row({ name: 'Waxing', duration: 'sixty' }),
      ],
      current,
    );
    expect(d.problems).toEqual([
      { line: 2, column: 'price_kes', message: 'not a price in KES: "free"' },
      {
        line: 3,
        column: 'duration_min',
        message: 'the list gives no duration for this new service; add one',
      },
      { line: 4, column: 'duration_min', message: 'not a duration in minutes: "sixty"' },
    ]);
  });

  it('refuses an empty draft and the same service twice', () => {
    expect(checkDraft([], current).problems).toEqual([
      { line: 1, message: 'the draft has no services' },
    ]);
    const twice = checkDraft([row({}), row({ price: '900' })], current);
    expect(twice.problems).toEqual([
      { line: 2, column: 'name', message: 'the same service as row 1' },
    ]);
  });
});
