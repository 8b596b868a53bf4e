import { describe, expect, it } from 'vitest';
import { cases, listCases } from './fixtures/cases';
import { CatalogIndex } from './catalog-index';
import { createEmbeddedParser } from './embedded-parser';
import { DEMO_CATALOG, NAIROBI, NOW } from './fixtures/demo-catalog';
import { normalizeText } from './normalize';

const index = new CatalogIndex(DEMO_CATALOG);
const services = (text: string) => index.matchServices(normalizeText(text, 500).words);
const staff = (text: string) => index.matchStaff(normalizeText(text, 500).words);

describe('services by fuzzy name', () => {
  it.each(listCases('service-names'))('"%s" -> %j', (text, ids) => {
    expect(services(text)).toEqual(ids);
  });

  it.each([
    'stop sending me messages', // "message" is not a typo of "massage"
    'I will come',
    'body',
    'nywele',
    'box',
    'but',
    'manage my booking',
    'sitaweza kuja',
  ])('"%s" names no service', (text) => {
    expect(services(text)).toEqual([]);
  });

  it('indexes whatever catalog it is given', () => {
    const custom = new CatalogIndex({
      services: [
        { id: 'facial', names: ['Facial', 'Usoni', 'face treatment'] },
        { id: 'waxing', names: ['Waxing', 'Kuondoa nywele'] },
      ],
      staff: [{ id: 'mary', name: 'Mary Atieno' }],
    });
    expect(custom.matchServices(['facail'])).toEqual(['facial']);
    expect(custom.matchServices(['waxing'])).toEqual(['waxing']);
    expect(custom.matchStaff(['atieno'])).toBe('mary');
    expect(custom.matchStaff(['mary'])).toBe('mary');
  });

  it('survives an empty catalog', () => {
    const empty = new CatalogIndex({ services: [], staff: [] });
    expect(empty.matchServices(['haircut'])).toEqual([]);
    expect(empty.matchStaff(['wanjiku'])).toBeUndefined();
  });
});

describe('staff', () => {
  it.each(cases('staff-names'))('"%s" -> %s', (text, id) => {
    expect(staff(text)).toBe(id);
  });

  it('is undefined when nobody or two people are named equally', () => {
    expect(staff('with anyone')).toBeUndefined();
    expect(staff('Wanjiku or Baraka')).toBeUndefined();
  });
});

describe('anyone', () => {
  const parser = createEmbeddedParser(DEMO_CATALOG);
  const parse = (text: string) => parser.parse(text, { now: NOW, timezone: NAIROBI });

  it.each([
    'anyone',
    'any',
    'anyone is fine',
    "doesn't matter",
    'no preference',
    'yeyote',
    'mtu yeyote',
    'yeyote tu',
    'haijalishi',
    'any stylist',
  ])('"%s" is anyStaff', (text) => {
    expect(parse(text).anyStaff).toBe(true);
  });

  it.each(['any time tomorrow', 'with Wanjiku', 'mtu', 'do you have any parking?'])(
    '"%s" is not anyStaff',
    (text) => {
      expect(parse(text).anyStaff).toBeUndefined();
    },
  );
});
