import { describe, expect, it } from 'vitest';
import { CatalogIndex } from './catalog-index';
import { createEmbeddedParser } from './embedded-parser';
import { DEMO_CATALOG, NAIROBI, NOW } from './fixtures/demo-catalog';
import { normalizeText } from './normalize';

const index = new CatalogIndex(DEMO_CATALOG);
const services = (text: string) => index.matchServices(normalizeText(text, 500).words);
const staff = (text: string) => index.matchStaff(normalizeText(text, 500).words);

describe('services by fuzzy name', () => {
  it.each([
    ['haircut', ['haircut']],
    ['Haircut please', ['haircut']],
    ['haircutt', ['haircut']],
    ['hair cut', ['haircut']],
    ['haicut', ['haircut']],
    ['haricut', ['haircut']],
    ['a trim', ['haircut']],
    ['kunyoa nywele', ['haircut']],
    ['box braids', ['braids']],
    ['braids', ['braids']],
    ['braid', ['braids']],
    ['kusuka', ['braids']],
    ['nataka kusukwa', ['braids']],
    ['kusuka nywele', ['braids']],
    ['rasta', ['braids']],
    ['manicur', ['manicure']],
    ['manicure', ['manicure']],
    ['nails', ['manicure']],
    ['kucha za mikono', ['manicure']],
    ['pedicur', ['pedicure']],
    ['pedi', ['pedicure']],
    ['kucha za miguu', ['pedicure']],
    ['masaj', ['massage']],
    ['masaji', ['massage']],
    ['massage', ['massage']],
    ['masage', ['massage']],
    ['full body massage', ['massage']],
    ['masaji ya mwili mzima', ['massage']],
    // several, in the order mentioned when they match equally well
    ['manicure and pedicure', ['manicure', 'pedicure']],
    ['pedicur na manicur', ['pedicure', 'manicure']],
    // an ambiguous word: the service whose alias it is comes first
    ['kucha', ['manicure', 'pedicure']],
  ])('"%s" -> %j', (text, ids) => {
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
  it.each([
    ['with Wanjiku', 'wanjiku'],
    ['na Baraka', 'baraka'],
    ["Achieng'", 'achieng'],
    ['wanjku', 'wanjiku'],
    ['kwa Achieng tafadhali', 'achieng'],
    ['haircut with baraka tomorrow', 'baraka'],
  ])('"%s" -> %s', (text, id) => {
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
