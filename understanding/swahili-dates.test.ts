import { describe, expect, it } from 'vitest';
import { createEmbeddedParser } from './embedded-parser';
import { DEMO_CATALOG, NAIROBI, NOW } from './fixtures/demo-catalog';

const parser = createEmbeddedParser(DEMO_CATALOG);
const dateOf = (text: string, now = NOW) => parser.parse(text, { now, timezone: NAIROBI }).date;

// NOW is Wednesday 2026-11-18, 10:00 in Nairobi.
describe('Swahili dates', () => {
  it.each([
    ['leo', '2026-11-18'],
    ['kesho', '2026-11-19'],
    ['kesho kutwa', '2026-11-20'],
    ['keshokutwa', '2026-11-20'],
    ['mtondo', '2026-11-21'],
    // Regression: "jana" / "juzi" were dropped, and "jana saa nane" was booked today.
    ['jana', '2026-11-17'],
    ['jana saa nane mchana', '2026-11-17'],
    ['juzi', '2026-11-16'],
    ['Jumatatu', '2026-11-23'],
    ['Jumanne', '2026-11-24'],
    ['Jumatano', '2026-11-25'],
    ['Jumatano saa tisa', '2026-11-18'],
    ['Alhamisi', '2026-11-19'],
    ['Ijumaa', '2026-11-20'],
    ['Jumamosi', '2026-11-21'],
    ['Jumapili', '2026-11-22'],
    ['juma tatu', '2026-11-23'],
    ["J'mosi", '2026-11-21'],
    ['Ijumaa hii', '2026-11-20'],
    ['Jumatano hii', '2026-11-18'],
    ['Ijumaa ijayo', '2026-11-27'],
    ['Ijumaa ya wiki ijayo', '2026-11-27'],
    ['Jumatatu ijayo', '2026-11-23'],
    ['wiki ijayo', '2026-11-23'],
    ['wikendi', '2026-11-21'],
    ['tarehe 15', '2026-12-15'],
    ['tarehe 20', '2026-11-20'],
    ['tarehe kumi na tano', '2026-12-15'],
    ['tarehe 15 Desemba', '2026-12-15'],
    ['tarehe 2 mwezi wa kwanza', '2027-01-02'],
    ['tarehe 15 Desemba 2027', '2027-12-15'],
    ['tarehe 2 mwezi wa tatu', '2027-03-02'],
    ['tarehe 5 Januari', '2027-01-05'],
    ['15 Disemba', '2026-12-15'],
    ['nataka kusuka kesho saa tatu', '2026-11-19'],
    ['nipangie Jumamosi asubuhi', '2026-11-21'],
    ['sasa hivi', '2026-11-18'],
    // the day after "sio" (not) / "badala ya" (instead of) is the one they do not want
    ['sio Ijumaa, Jumamosi', '2026-11-21'],
    ['badala ya kesho, kesho kutwa', '2026-11-20'],
  ])('"%s" is %s', (text, date) => {
    expect(dateOf(text)).toBe(date);
  });

  it('counts days in the tenant time zone, not UTC', () => {
    // 22:30 UTC on the 18th is 01:30 on the 19th in Nairobi
    const lateNight = Date.UTC(2026, 10, 18, 22, 30);
    expect(dateOf('leo', lateNight)).toBe('2026-11-19');
    expect(dateOf('kesho', lateNight)).toBe('2026-11-20');
  });

  it('rolls over the year', () => {
    const newYearsEve = Date.UTC(2026, 11, 31, 9, 0);
    expect(dateOf('kesho', newYearsEve)).toBe('2027-01-01');
    expect(dateOf('tarehe 5', newYearsEve)).toBe('2027-01-05');
  });
});
