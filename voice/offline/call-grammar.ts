import { EN_SMALL } from '../spoken-numbers';
import { loadDictionary } from './dictionary';

/**
 * A JSGF grammar for one moment of an offline call: what a caller of a booking line says, with
 * the tenant's services and staff and the choices just offered. pocketsphinx's small US English
 * model with no grammar mishears most of a call; held to this grammar it gets "I would like to
 * book a haircut on Friday at three p m" right. Words the model's dictionary does not know
 * (most Kenyan names, most Swahili) are left out: those are picked by number ("two"). "WhatsApp"
 * and "nitumie kwa WhatsApp" are in (dictionary.ts): a caller asks for the chat copy by voice.
 */

export interface CallVocabulary {
  services: readonly string[];
  staff: readonly string[];
  /** Titles of the choices just offered. */
  choices: readonly string[];
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

/** The hours a caller says: one to twelve. */
const NUMBERS = EN_SMALL.slice(1, 13);

/** The grammar for this moment of the call (JSGF text). */
export function callGrammar(v: CallVocabulary, dict: Set<string> = loadDictionary()): string {
  const services = alternatives(v.services, dict);
  const staff = alternatives(v.staff, dict);
  const choices = alternatives(v.choices, dict);
  const rules = [
    '#JSGF V1.0;',
    'grammar call;',
    `public <utt> = <book> | <when> | <yes> | <no> | <pick> | <send> | <other>${choices.length ? ' | <choice>' : ''};`,
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
    '<send> = send it to me on whatsapp | send (it | that | the booking) to my whatsapp | whatsapp me | [tafadhali] nitumie [kwa] whatsapp;',
    '<other> = cancel [my booking] | my bookings | prices | goodbye | thank you | hello | anyone;',
    ...(services.length ? [`<service> = ${services.join(' | ')};`] : []),
    ...(staff.length ? [`<staff> = ${staff.join(' | ')};`] : []),
    ...(choices.length ? [`<choice> = ${choices.join(' | ')};`] : []),
  ];
  return rules.join('\n') + '\n';
}
