import { describe, expect, it } from 'vitest';
import { cases } from './fixtures/cases';
import { createEmbeddedParser } from './embedded-parser';
import { DEMO_CATALOG, NAIROBI, NOW } from './fixtures/demo-catalog';

const parser = createEmbeddedParser(DEMO_CATALOG);
const parse = (text: string) => parser.parse(text, { now: NOW, timezone: NAIROBI });

describe('English times', () => {
  it.each(cases('english-times'))('"%s" is %s', (text, time) => {
    expect(parse(text).time).toBe(time === '(none)' ? undefined : time);
  });

  it.each(['3', 'the 3rd', '15/12', 'option 3', 'I have 2 kids', '1.5', 'between 3-4 days'])(
    '"%s" is no time',
    (text) => {
      expect(parse(text).time).toBeUndefined();
    },
  );
});
