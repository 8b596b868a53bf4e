/**
 * Text from outside (webhook bodies, API calls, transcripts) made safe to store: Postgres refuses
 * a NUL character in `text` and `jsonb`, and a lone UTF-16 surrogate (half of an emoji) in `jsonb`.
 * Either one used to turn a whole webhook into a 503 that Meta retried until it gave up. These
 * helpers are pure and cheap on clean input (one regular-expression test).
 */

/**
 * NUL, or a surrogate half not part of a pair: with the `u` flag a well-formed pair is one code
 * point (outside the range), so the class matches lone halves only.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /\u0000|[\ud800-\udfff]/u;
// eslint-disable-next-line no-control-regex
const UNSAFE_ALL = /\u0000|[\ud800-\udfff]/gu;

/** True when `s` holds a NUL or a lone surrogate. */
export function hasUnsafeText(s: string): boolean {
  return UNSAFE.test(s);
}

/** `s` without NUL characters and lone surrogates (well-formed pairs are kept). */
export function cleanText(s: string): string {
  return UNSAFE.test(s) ? s.replace(UNSAFE_ALL, '') : s;
}

/**
 * The first `max` code points of `s`: an emoji (two UTF-16 units) is kept whole or left out,
 * never cut in half as `s.slice(0, max)` would.
 */
export function cutCodePoints(s: string, max: number): string {
  // Each code point is one or two units: at most `max` units can never exceed `max` code points.
  if (s.length <= max) return s;
  let units = 0;
  let points = 0;
  while (points < max && units < s.length) {
    const c = s.charCodeAt(units);
    const pair =
      c >= 0xd800 && c <= 0xdbff && units + 1 < s.length && isLow(s.charCodeAt(units + 1));
    units += pair ? 2 : 1;
    points++;
  }
  return s.slice(0, units);
}

const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** `cleanText` then `cutCodePoints`: what a stored field of outside text goes through. */
export function safeText(s: string, max: number): string {
  return cutCodePoints(cleanText(s), max);
}

/**
 * Every string in a parsed JSON value (object keys included) passed through `cleanText`; the
 * value is returned as it was when nothing needed cleaning.
 */
export function cleanDeep<T>(value: T): T {
  return clean(value) as T;
}

function clean(v: unknown): unknown {
  if (typeof v === 'string') return cleanText(v);
  if (Array.isArray(v)) return v.map(clean);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[cleanText(k)] = clean(x);
    return out;
  }
  return v;
}

/**
 * `JSON.parse` whose strings come out clean. A NUL or a surrogate can only reach a parsed string
 * through a `\u` escape (raw control characters are invalid JSON, and decoded UTF-8 holds no
 * surrogates), so text without such an escape is parsed as it is, at full speed.
 */
export function parseCleanJson(text: string): unknown {
  const value: unknown = JSON.parse(text);
  return ESCAPE.test(text) ? cleanDeep(value) : value;
}

const ESCAPE = /\\u(?:0000|[dD][89a-fA-F])/;
