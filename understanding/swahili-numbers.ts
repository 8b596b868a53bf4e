/**
 * Swahili number words as written in chats: "tatu" 3, "kumi na moja" 11, "ishirini na tano" 25,
 * and digits. Used for clock hours, minutes, dates ("tarehe kumi na tano") and choices.
 */

export const SWAHILI_UNITS: Readonly<Record<string, number>> = {
  moja: 1,
  mbili: 2,
  tatu: 3,
  nne: 4,
  tano: 5,
  sita: 6,
  saba: 7,
  nane: 8,
  tisa: 9,
};

const SWAHILI_TENS: Readonly<Record<string, number>> = {
  kumi: 10,
  ishirini: 20,
  thelathini: 30,
  arobaini: 40,
  hamsini: 50,
};

export interface NumberAt {
  value: number;
  /** Index after the last word used. */
  end: number;
}

/** Reads a number (1..59) starting at `words[at]`, written in digits or Swahili words. */
export function readSwahiliNumber(words: readonly string[], at: number): NumberAt | undefined {
  const word = words[at];
  if (word === undefined) return undefined;
  if (/^\d{1,2}$/.test(word)) return { value: Number(word), end: at + 1 };
  const unit = SWAHILI_UNITS[word];
  if (unit !== undefined) return { value: unit, end: at + 1 };
  const tens = SWAHILI_TENS[word];
  if (tens === undefined) return undefined;
  if (words[at + 1] === 'na') {
    const next = words[at + 2];
    const more = next === undefined ? undefined : SWAHILI_UNITS[next];
    if (more !== undefined) return { value: tens + more, end: at + 3 };
  }
  return { value: tens, end: at + 1 };
}
