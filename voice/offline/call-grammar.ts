import { readFileSync } from 'node:fs';

/**
 * A JSGF grammar for one moment of an offline call: what a caller of a booking line says, with
 * the tenant's services and staff and the choices just offered. pocketsphinx's small US English
 * model with no grammar mishears most of a call; held to this grammar it gets "I would like to
 * book a haircut on Friday at three p m" right. Words the model's dictionary does not know
 * (most Kenyan names, all Swahili) are left out: those are picked by number ("two").
 */

export interface CallVocabulary {
  services: readonly string[];
  staff: readonly string[];
  /** Titles of the choices just offered. */
  choices: readonly string[];
}

export const DEFAULT_DICTIONARY = '/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict';

const cache = new Map<string, Set<string>>();

/** The words of a pocketsphinx dictionary (read once per path). */
export function loadDictionary(path = DEFAULT_DICTIONARY): Set<string> {
  let words = cache.get(path);
  if (!words) {
    words = new Set(
      readFileSync(path, 'utf8')
        .split('\n')
        .map((l) => l.split(' ', 1)[0]!)
        .filter((w) => w && !w.includes('(')),
    );
    cache.set(path, words);
  }
  return words;
}

const phrase = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z' ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

function alternatives(items: readonly string[], dict: Set<string>): string[] {
  const ok = items.map(phrase).filter((p) => p && p.split(' ').every((w) => dict.has(w)));
  return [...new Set(ok)];
}

const NUMBERS = [
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
];

/** The grammar for this moment of the call (JSGF text). */
export function callGrammar(v: CallVocabulary, dict: Set<string> = loadDictionary()): string {
  const services = alternatives(v.services, dict);
  const staff = alternatives(v.staff, dict);
  const choices = alternatives(v.choices, dict);
  const rules = [
    '#JSGF V1.0;',
    'grammar call;',
    `public <utt> = <book> | <when> | <yes> | <no> | <pick> | <other>${choices.length ? ' | <choice>' : ''};`,
    `<book> = [i would like to | i want to | i'd like to | can i | please] book [a | an | some] ${
      services.length ? '[<service>]' : ''
    } ${staff.length ? '[with <staff>]' : ''} [<when>];`,
    '<when> = (today | tomorrow | on <day>) [at <time>] | at <time> | in the (morning | afternoon | evening);',
    '<day> = monday | tuesday | wednesday | thursday | friday | saturday | sunday;',
    `<time> = <num> [o'clock | fifteen | thirty | forty five] [a m | p m];`,
    `<num> = ${NUMBERS.join(' | ')};`,
    '<yes> = yes [please] | yeah | sure | okay | yes book it | go ahead | yes continue;',
    '<no> = no [thanks | thank you] | start over | change the time;',
    '<pick> = [the] (first | second | third | fourth | fifth) [one] | [number | option] <num>;',
    '<other> = cancel [my booking] | my bookings | prices | goodbye | thank you | hello | anyone;',
    ...(services.length ? [`<service> = ${services.join(' | ')};`] : []),
    ...(staff.length ? [`<staff> = ${staff.join(' | ')};`] : []),
    ...(choices.length ? [`<choice> = ${choices.join(' | ')};`] : []),
  ];
  return rules.join('\n') + '\n';
}
