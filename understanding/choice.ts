import { SWAHILI_UNITS } from './swahili-numbers';

/**
 * A pick among offered options: "2", "#2", "the second one", "option 3", "2nd", "ya kwanza",
 * "namba mbili", "nataka ya pili tafadhali". Only when the message is essentially the pick: after
 * dropping filler words exactly one word is left and it names a number from 1 to 10. So "3pm",
 * "saa tatu" and "at 3" are never choices.
 */

const MAX_CHOICE = 10;

const CHOICE_WORDS: ReadonlyMap<string, number> = new Map([
  ...Object.entries(SWAHILI_UNITS),
  ...'one two three four five six seven eight nine ten'
    .split(' ')
    .map((w, i) => [w, i + 1] as const),
  ...'first second third fourth fifth sixth seventh eighth ninth tenth'
    .split(' ')
    .map((w, i) => [w, i + 1] as const),
  ...'1st 2nd 3rd 4th 5th 6th 7th 8th 9th 10th'.split(' ').map((w, i) => [w, i + 1] as const),
  ['kwanza', 1],
  ['pili', 2],
  ['kumi', 10],
]);

const FILLER = new Set(
  `the one a option opt number no namba nambari ya la wa ni hiyo hii that this is
   i ill will take want choose pick go with for me please pls tafadhali naomba nataka
   nachagua nichukue chagua nipe ok okay sawa yes ndio ndiyo fine slot choice its
   would like id prefer lets let us do`.split(/\s+/),
);

export function findChoice(words: readonly string[]): number | undefined {
  let choice: number | undefined;
  for (const word of words) {
    const value = CHOICE_WORDS.get(word) ?? digitChoice(word);
    if (value !== undefined && choice === undefined) {
      choice = value;
      continue;
    }
    if (!FILLER.has(word)) return undefined;
  }
  return choice;
}

function digitChoice(word: string): number | undefined {
  const m = /^#?(\d{1,2})[.)]?$/.exec(word);
  if (m === null) return undefined;
  const value = Number(m[1]);
  return value >= 1 && value <= MAX_CHOICE ? value : undefined;
}
