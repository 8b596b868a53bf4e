/**
 * fast-check text for the render property tests (WhatsApp, Messenger / Instagram): whole
 * graphemes, any code point, and the troublemakers (lone surrogates, ZWJ sequences, NUL).
 */
import fc from 'fast-check';

const TROUBLE = ['a', ' ', '\n', '\t', '😀', '👨‍👩‍👧‍👦', 'é', '\uD800', '\uDC00', '\u0000', 'ñ', '中'];
const anyCodePoint = fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c));

/** Text of exactly `length` units of one of the three kinds. */
export const anyText = (length: number) =>
  fc.oneof(
    fc.string({ unit: 'grapheme', minLength: length, maxLength: length }),
    // Any code point, lone surrogates included (fast-check's 'binary' unit is much slower).
    fc.string({ unit: anyCodePoint, minLength: length, maxLength: length }),
    fc.string({ unit: fc.constantFrom(...TROUBLE), minLength: length, maxLength: length }),
  );

/**
 * Text of any length up to `max`. fast-check keeps generated sizes small by default, which would
 * never reach a limit, so lengths are drawn explicitly (half of the time in the upper half).
 */
export const lengthOf = (max: number) =>
  fc.oneof(fc.nat({ max }), fc.integer({ min: Math.floor(max / 2), max })).chain(anyText);

/** An array of up to `max` items. */
export const arrayOf = <T>(item: fc.Arbitrary<T>, max: number) =>
  fc.nat({ max }).chain((n) => fc.array(item, { minLength: n, maxLength: n }));
