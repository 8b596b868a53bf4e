import { describe, expect, it } from 'vitest';
import { cases } from './fixtures/cases';
import { createEmbeddedParser } from './embedded-parser';
import { DEMO_CATALOG, NAIROBI, NOW } from './fixtures/demo-catalog';

const parser = createEmbeddedParser(DEMO_CATALOG);
const parse = (text: string) => parser.parse(text, { now: NOW, timezone: NAIROBI });

describe('choice', () => {
  it.each(cases('choices'))('"%s" is choice %s', (text, choice) => {
    expect(parse(text).choice).toBe(Number(choice));
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
