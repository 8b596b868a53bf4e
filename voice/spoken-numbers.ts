import type { Language } from '../contract';

/**
 * Whole numbers as words, the way a person says them on the phone: "three thousand five
 * hundred" and "elfu tatu mia tano". Non-negative integers below a billion; anything else is
 * left as digits (the synthesizer reads those).
 */

/** zero .. nineteen in words (the call grammar's hours are 1..12 of these). */
export const EN_SMALL: readonly string[] = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const EN_TENS = [
  '',
  '',
  'twenty',
  'thirty',
  'forty',
  'fifty',
  'sixty',
  'seventy',
  'eighty',
  'ninety',
];

const SW_UNITS = ['sifuri', 'moja', 'mbili', 'tatu', 'nne', 'tano', 'sita', 'saba', 'nane', 'tisa'];
const SW_TENS = [
  '',
  'kumi',
  'ishirini',
  'thelathini',
  'arobaini',
  'hamsini',
  'sitini',
  'sabini',
  'themanini',
  'tisini',
];

const LIMIT = 1_000_000_000;

function enBelowThousand(n: number): string {
  const parts: string[] = [];
  const h = Math.floor(n / 100);
  const r = n % 100;
  if (h) parts.push(`${EN_SMALL[h]} hundred`);
  if (r) {
    if (h) parts.push('and');
    if (r < 20) parts.push(EN_SMALL[r]!);
    else parts.push(EN_TENS[Math.floor(r / 10)]! + (r % 10 ? `-${EN_SMALL[r % 10]}` : ''));
  }
  return parts.join(' ');
}

function english(n: number): string {
  if (n === 0) return 'zero';
  const millions = Math.floor(n / 1_000_000);
  const thousands = Math.floor((n % 1_000_000) / 1000);
  const rest = n % 1000;
  const parts: string[] = [];
  if (millions) parts.push(`${enBelowThousand(millions)} million`);
  if (thousands) parts.push(`${enBelowThousand(thousands)} thousand`);
  if (rest)
    parts.push(rest < 100 && parts.length ? `and ${enBelowThousand(rest)}` : enBelowThousand(rest));
  return parts.join(' ');
}

function swBelowHundred(n: number): string {
  if (n < 10) return SW_UNITS[n]!;
  const t = SW_TENS[Math.floor(n / 10)]!;
  return n % 10 ? `${t} na ${SW_UNITS[n % 10]}` : t;
}

function swBelowThousand(n: number): string {
  const h = Math.floor(n / 100);
  const r = n % 100;
  const parts: string[] = [];
  if (h) parts.push(`mia ${SW_UNITS[h]}`);
  // "mia moja na tano" (105), "mia moja na kumi" (110), "mia moja ishirini na tano" (125).
  if (r) parts.push(h && (r < 10 || r % 10 === 0) ? `na ${swBelowHundred(r)}` : swBelowHundred(r));
  return parts.join(' ');
}

function swahili(n: number): string {
  if (n === 0) return 'sifuri';
  const millions = Math.floor(n / 1_000_000);
  const laki = Math.floor((n % 1_000_000) / 100_000);
  const thousands = Math.floor((n % 100_000) / 1000);
  const rest = n % 1000;
  const parts: string[] = [];
  if (millions) parts.push(`milioni ${swBelowThousand(millions)}`);
  if (laki) parts.push(`laki ${SW_UNITS[laki]}`);
  if (thousands) parts.push(`elfu ${swBelowHundred(thousands)}`);
  if (rest)
    parts.push(parts.length && rest < 100 ? `na ${swBelowThousand(rest)}` : swBelowThousand(rest));
  return parts.join(' ');
}

/** `n` in words in `lang`; digits when it is not a whole number in range. */
export function numberWords(n: number, lang: Language): string {
  if (!Number.isInteger(n) || n < 0 || n >= LIMIT) return String(n);
  return lang === 'sw' ? swahili(n) : english(n);
}

const EN_ORDINAL: Record<string, string> = {
  one: 'first',
  two: 'second',
  three: 'third',
  five: 'fifth',
  eight: 'eighth',
  nine: 'ninth',
  twelve: 'twelfth',
};

/** "first", "twentieth", "thirty-first" (for dates: "the twentieth of November"). */
export function englishOrdinal(n: number): string {
  const words = numberWords(n, 'en');
  const m = /^(.*?)([a-z]+)$/.exec(words);
  if (!m) return words;
  const [, head, last] = m as unknown as [string, string, string];
  const ord = EN_ORDINAL[last] ?? (last.endsWith('y') ? `${last.slice(0, -1)}ieth` : `${last}th`);
  return `${head}${ord}`;
}
