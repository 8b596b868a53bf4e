import { describe, expect, it } from 'vitest';
import {
  cleanDeep,
  cleanText,
  cutCodePoints,
  hasUnsafeText,
  parseCleanJson,
  safeText,
} from './safe-text';

const EMOJI = '\u{1F600}'; // two UTF-16 units

describe('cutCodePoints', () => {
  // Regression: `text.slice(0, 4096)` on 4,095 characters + an emoji kept the emoji's first half,
  // which Postgres jsonb refuses: the webhook answered 503 for ever and the message was lost.
  it('never cuts an emoji in half', () => {
    const text = 'a'.repeat(4095) + EMOJI + 'tail';
    const cut = cutCodePoints(text, 4096);
    expect(cut).toBe('a'.repeat(4095) + EMOJI);
    expect(hasUnsafeText(cut)).toBe(false);
  });

  it('counts code points, not UTF-16 units', () => {
    expect(cutCodePoints(EMOJI.repeat(10), 3)).toBe(EMOJI.repeat(3));
    expect(cutCodePoints('ab' + EMOJI + 'c', 3)).toBe('ab' + EMOJI);
    expect(cutCodePoints('short', 4096)).toBe('short');
  });
});

describe('cleanText', () => {
  it('strips NUL characters and lone surrogates, keeps pairs', () => {
    expect(cleanText('a\u0000b')).toBe('ab');
    expect(cleanText('x\ud83d')).toBe('x');
    expect(cleanText('\ude00y')).toBe('y');
    expect(cleanText(`ok ${EMOJI} \ud83d\u0000`)).toBe(`ok ${EMOJI} `);
    expect(hasUnsafeText(`fine ${EMOJI}`)).toBe(false);
    expect(hasUnsafeText('bad\u0000')).toBe(true);
  });

  it('cleans before cutting, so the limit counts what is kept', () => {
    expect(safeText('\u0000\u0000abc', 2)).toBe('ab');
  });
});

describe('parseCleanJson', () => {
  it('cleans every string of a parsed body, keys included', () => {
    const body = String.raw`{"id":"1\u0000","list":[{"text":"hi \ud83d"},"\udc00"],"n\u0000":3,"ok":"\ud83d\ude00"}`;
    expect(parseCleanJson(body)).toEqual({ id: '1', list: [{ text: 'hi ' }, ''], n: 3, ok: EMOJI });
  });

  it('returns clean bodies untouched', () => {
    const body = '{"a":["b",1,null,true],"c":{"d":"\\\\u0000 is text"}}';
    expect(parseCleanJson(body)).toEqual(JSON.parse(body));
    expect(cleanDeep({ a: [1, 'x'] })).toEqual({ a: [1, 'x'] });
  });
});
