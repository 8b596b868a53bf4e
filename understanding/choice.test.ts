import { describe, expect, it } from 'vitest';
import { createEmbeddedParser } from './embedded-parser';
import { DEMO_CATALOG, NAIROBI, NOW } from './fixtures/demo-catalog';

const parser = createEmbeddedParser(DEMO_CATALOG);
const parse = (text: string) => parser.parse(text, { now: NOW, timezone: NAIROBI });

describe('choice', () => {
  it.each([
    ['1', 1],
    ['2', 2],
    ['#3', 3],
    ['2.', 2],
    ['10', 10],
    ['one', 1],
    ['the first one', 1],
    ['second', 2],
    ['the 2nd', 2],
    ['3rd one please', 3],
    ['option 3', 3],
    ['number 2', 2],
    ['No. 2', 2],
    ["I'll take the second one", 2],
    ['ya kwanza', 1],
    ['ya pili', 2],
    ['ya tatu', 3],
    ['namba mbili', 2],
    ['nataka ya pili tafadhali', 2],
    ['nichukue namba 4', 4],
    ['sawa, ya kwanza', 1],
    ['Is 3 ok?', 3],
  ])('"%s" is choice %i', (text, choice) => {
    expect(parse(text).choice).toBe(choice);
  });

  it.each([
    '3pm', // a time
    'at 3',
    '@3',
    'saa tatu',
    '15', // more options than a list holds
    '15/12',
    'the first one at 3pm',
    'two haircuts',
    'I have 2 kids',
    'pili pili',
  ])('"%s" is no choice', (text) => {
    expect(parse(text).choice).toBeUndefined();
  });

  it('is a pick, not a time or a date', () => {
    const u = parse('2');
    expect(u.time).toBeUndefined();
    expect(u.date).toBeUndefined();
  });
});
