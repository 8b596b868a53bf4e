import { describe, expect, it } from 'vitest';
import { numberedText, replyHint, sanitize, singleLine, truncate, utf8Bytes } from './text';

const hasLoneSurrogate = (s: string) =>
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

describe('truncate', () => {
  it('leaves text within the limit alone', () => {
    expect(truncate('Pay with M-Pesa', 20)).toBe('Pay with M-Pesa');
    expect(truncate('x'.repeat(20), 20)).toBe('x'.repeat(20));
  });

  it('cuts with an ellipsis, at the limit', () => {
    expect(truncate('Talk to an agent now please', 20)).toBe('Talk to an agent no…');
    expect(truncate('Talk to an agent now please', 20)).toHaveLength(20);
  });

  it('drops trailing spaces before the ellipsis', () => {
    expect(truncate('Talk to an agent   now', 19)).toBe('Talk to an agent…');
  });

  it('never splits a surrogate pair', () => {
    // 18 letters + an emoji (2 code units) would end on a lone high surrogate at 19 units.
    const out = truncate(`${'a'.repeat(18)}😀😀😀`, 20);
    expect(out).toBe(`${'a'.repeat(18)}…`);
    expect(hasLoneSurrogate(out)).toBe(false);
  });

  it('keeps an emoji ZWJ sequence whole or drops it whole', () => {
    const family = '👨‍👩‍👧‍👦'; // 11 code units
    expect(truncate(`ab${family}${family}`, 14)).toBe(`ab${family}…`);
    expect(truncate(`ab${family}`, 10)).toBe('ab…');
  });

  it('cuts inside a single cluster longer than the limit between code points', () => {
    const zalgo = `a${'\u0301'.repeat(50)}`;
    const out = truncate(zalgo, 10);
    expect(out).toHaveLength(10);
    expect(out.endsWith('…')).toBe(true);
  });

  it('counts UTF-8 bytes when asked (Instagram)', () => {
    const out = truncate('ñ'.repeat(600), 1000, utf8Bytes);
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(1000);
    expect(Buffer.byteLength(out)).toBeGreaterThan(990);
  });
});

describe('sanitize and singleLine', () => {
  it('replaces lone surrogates and drops control characters', () => {
    expect(sanitize('a\uD800b\u0000c\r\nd')).toBe('a\uFFFDbc\nd');
  });

  it('puts a title on one line', () => {
    expect(singleLine('  Pay\n with\tM-Pesa  ')).toBe('Pay with M-Pesa');
  });
});

describe('numbered text', () => {
  it.each([
    { language: 'en', count: 1, hint: 'Reply 1' },
    { language: 'en', count: 2, hint: 'Reply 1 or 2' },
    { language: 'en', count: 3, hint: 'Reply 1, 2 or 3' },
    { language: 'sw', count: 3, hint: 'Jibu 1, 2 au 3' },
    { language: 'en', count: 12, hint: 'Reply with a number (1-12)' },
    { language: 'sw', count: 12, hint: 'Jibu kwa namba (1-12)' },
  ] as const)('hint for $count options in $language', ({ count, language, hint }) => {
    expect(replyHint(count, language)).toBe(hint);
  });

  it('lays out body, options with sections and descriptions, and the hint', () => {
    const text = numberedText(
      'Where should we deliver?',
      [
        { title: 'Nairobi CBD', description: 'Same day', section: 'Nairobi' },
        { title: 'Westlands', section: 'Nairobi' },
        { title: 'Nakuru', section: 'Upcountry' },
      ],
      4096,
      'Reply 1, 2 or 3',
    );
    expect(text).toBe(
      [
        'Where should we deliver?',
        '',
        'Nairobi',
        '1. Nairobi CBD - Same day',
        '2. Westlands',
        '',
        'Upcountry',
        '3. Nakuru',
        '',
        'Reply 1, 2 or 3',
      ].join('\n'),
    );
  });

  it('shortens the body first so the options survive', () => {
    const text = numberedText(
      'x'.repeat(5000),
      [{ title: 'Yes' }, { title: 'No' }],
      4096,
      'Reply 1 or 2',
    );
    expect(text.length).toBeLessThanOrEqual(4096);
    expect(text.endsWith('…\n\n1. Yes\n2. No\n\nReply 1 or 2')).toBe(true);
  });
});
