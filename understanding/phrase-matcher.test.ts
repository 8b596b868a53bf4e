import { describe, expect, it } from 'vitest';
import { PhraseMatcher } from './phrase-matcher';

describe('PhraseMatcher', () => {
  const matcher = new PhraseMatcher<string>([
    ['mtu', 'person'],
    ['mtu yeyote', 'anyone'],
    ['good', 'ok'],
    ['good morning', 'greeting'],
    ['morning', 'period'],
  ]);
  const tags = (text: string) => matcher.match(text.split(' ')).map((h) => h.tag);

  it('prefers the longest phrase at a position', () => {
    expect(tags('mtu yeyote')).toEqual(['anyone']);
    expect(tags('good morning')).toEqual(['greeting']);
  });

  it('does not overlap hits', () => {
    expect(tags('good morning morning')).toEqual(['greeting', 'period']);
  });

  it('reports word positions', () => {
    expect(matcher.match(['ongea', 'na', 'mtu'])).toEqual([{ tag: 'person', start: 2, end: 3 }]);
  });

  it('refuses a phrase listed twice', () => {
    expect(
      () =>
        new PhraseMatcher([
          ['a b', 1],
          ['a  b', 2],
        ]),
    ).toThrow(/listed twice/);
  });
});
