import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_ROWS, parseCatalogCsv, parseDurationMin, parsePriceKes } from './catalog-csv';

const FIXTURE = readFileSync(new URL('./fixtures/price-list.csv', import.meta.url), 'utf8');
const HEAD = 'name,duration_min,price_kes\n';

describe('CSV price list', () => {
  it('reads a price list as people write it (header names, KES amounts, hours, lists)', () => {
    const { rows, problems } = parseCatalogCsv(FIXTURE);
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatchObject({
      line: 2,
      id: undefined,
      nameEn: 'Haircut',
      nameSw: 'Kunyoa',
      category: 'hair',
      durationMin: 30,
      priceKesMinor: 60_000,
      aliases: ['cut', 'trim'],
      staff: undefined,
    });
    expect(rows[1]).toMatchObject({
      durationMin: 210,
      priceKesMinor: 450_000,
      staff: ['wanjiku', 'achieng'],
    });
    expect(rows[2]).toMatchObject({ nameSw: undefined, aliases: undefined, staff: ['achieng'] });
  });

  it('reports every bad row by line and column, and keeps none of a bad file', () => {
    const csv = [
      'id,name,duration_min,price_kes,active',
      'cut,Haircut,30,600,yes',
      'x,Braids,forever,4500,yes',
      'y,Nails,45,free,yes',
      'Bad Id,Pedicure,45,900,yes',
      'z,,45,900,yes',
      'w,Massage,60,2000,maybe',
      'v,Short,2,100,no',
    ].join('\n');
    const { problems } = parseCatalogCsv(csv);
    expect(problems).toEqual([
      { line: 3, column: 'duration_min', message: 'not a duration in minutes: "forever"' },
      { line: 4, column: 'price_kes', message: 'not a price in KES: "free"' },
      { line: 5, column: 'id', message: 'lowercase letters, digits and -, at most 40' },
      { line: 6, column: 'name', message: 'a service needs a name' },
      { line: 7, column: 'active', message: 'not yes or no: "maybe"' },
      { line: 8, column: 'duration_min', message: 'must be between 5 and 720 minutes' },
    ]);
  });

  it('refuses NUL, control characters and lone surrogates in text', () => {
    const { problems } = parseCatalogCsv(
      `${HEAD}Hair\u0000cut,30,600\nNails \ud800,45,900\nOk,45,900\n`,
    );
    expect(problems.map((p) => [p.line, p.column])).toEqual([
      [2, 'name'],
      [3, 'name'],
    ]);
  });

  it('names unknown, missing and repeated columns on line 1', () => {
    expect(parseCatalogCsv('name,prcie,duration\nA,1,30\n').problems).toEqual(
      expect.arrayContaining([
        { line: 1, column: 'prcie', message: 'unknown column "prcie"' },
        { line: 1, column: 'price_kes', message: 'column price_kes is missing' },
      ]),
    );
    expect(parseCatalogCsv('name,price,price_kes,duration\n').problems).toContainEqual({
      line: 1,
      column: 'price_kes',
      message: 'column price_kes appears twice',
    });
  });

  it('counts lines in quoted fields that span lines, and reports a wrong number of fields', () => {
    const { rows, problems } = parseCatalogCsv(
      `${HEAD}"Hair\ncut",30,600\nNails,45\nPedi,45,900\n`,
    );
    expect(rows.map((r) => r.line)).toEqual([2, 5]);
    expect(problems).toEqual([{ line: 4, message: '2 fields, the header has 3' }]);
  });

  it('reports broken CSV (an unclosed quote), an empty file and too many rows', () => {
    expect(parseCatalogCsv(`${HEAD}"Hair,30,600\n`).problems[0]?.message).toMatch(/^not valid CSV/);
    expect(parseCatalogCsv('').problems).toEqual([{ line: 1, message: 'the file is empty' }]);
    const many =
      HEAD + Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, i) => `S${i},30,100`).join('\n');
    expect(parseCatalogCsv(many).problems).toContainEqual({
      line: 1,
      message: `more than ${MAX_IMPORT_ROWS} services in one file`,
    });
  });

  it('reads prices and durations strictly', () => {
    expect(parsePriceKes('Ksh 1,500.50')).toBe(150_050);
    expect(parsePriceKes('0')).toBe(0);
    expect(() => parsePriceKes('-5')).toThrow();
    expect(() => parsePriceKes('1.234')).toThrow();
    expect(parseDurationMin('1:30')).toBe(90);
    expect(parseDurationMin('2h')).toBe(120);
    expect(parseDurationMin('45 dakika')).toBe(45);
    expect(() => parseDurationMin('13h')).toThrow();
  });
});
