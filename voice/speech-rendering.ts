import { swahiliClock as swahiliTextClock, type Language, type OutboundMessage } from '../contract';
import { englishOrdinal, numberWords } from './spoken-numbers';

/**
 * The channel-neutral replies of a turn, as words for a phone call: buttons and list rows
 * become spoken choices ("say one for Haircut, two for Box braids, or three for Manicure"),
 * times, dates and prices are said the way people say them in each language ("three p.m.",
 * "saa tisa mchana", "shilingi elfu tatu mia tano"), and what cannot be heard (emoji, links,
 * chat formatting, "tap" / "reply" hints) is dropped or reworded.
 */

export interface SpokenChoice {
  /** 1-based, as announced ("say two"). */
  n: number;
  /** The button or row id the machine understands (sent back as `replyId`). */
  id: string;
  /** The title as shown in chat (used to match what the caller says). */
  title: string;
}

export interface SpokenReply {
  /** Sentences in speaking order (TTS requests go out one by one). */
  sentences: string[];
  /** The choices of the last message that offered any (what "two" refers to now). */
  choices: SpokenChoice[];
}

const EN_DAYS: Record<string, string> = {
  Sun: 'Sunday',
  Mon: 'Monday',
  Tue: 'Tuesday',
  Wed: 'Wednesday',
  Thu: 'Thursday',
  Fri: 'Friday',
  Sat: 'Saturday',
};
const EN_MONTHS: Record<string, string> = {
  Jan: 'January',
  Feb: 'February',
  Mar: 'March',
  Apr: 'April',
  May: 'May',
  Jun: 'June',
  Jul: 'July',
  Aug: 'August',
  Sep: 'September',
  Oct: 'October',
  Nov: 'November',
  Dec: 'December',
};
const SW_MONTHS =
  'Januari|Februari|Machi|Aprili|Mei|Juni|Julai|Agosti|Septemba|Oktoba|Novemba|Desemba';

const EMOJI =
  /\p{Extended_Pictographic}|[\u{1F1E6}-\u{1F1FF}]|[\u{1F3FB}-\u{1F3FF}]|\u200d|\ufe0f|\u20e3/gu;
const URL_RE = /\b(?:https?:\/\/|www\.)\S+/gi;

function money(amount: string, cents: string | undefined, lang: Language): string {
  const whole = numberWords(Number(amount.replaceAll(',', '')), lang);
  const c = cents ? Number(cents) : 0;
  if (lang === 'sw') return `shilingi ${whole}${c ? ` na senti ${numberWords(c, 'sw')}` : ''}`;
  return `${whole} shillings${c ? ` and ${numberWords(c, 'en')} cents` : ''}`;
}

/** "three p.m.", "three thirty p.m.", "nine oh five a.m.". */
export function englishClock(h24: number, m: number): string {
  const h12 = h24 % 12 === 0 ? 12 : h24 % 12;
  const period = h24 < 12 ? 'a.m.' : 'p.m.';
  const minutes =
    m === 0 ? '' : m < 10 ? ` oh ${numberWords(m, 'en')}` : ` ${numberWords(m, 'en')}`;
  return `${numberWords(h12, 'en')}${minutes} ${period}`;
}

/** Swahili clock time: the day starts at 06:00 ("saa moja asubuhi" is 07:00). */
export function swahiliClock(h24: number, m: number): string {
  return swahiliTextClock(h24, m, (n) => numberWords(n, 'sw'));
}

const HINTS: Record<Language, [RegExp, string][]> = {
  en: [
    [/\b(?:reply|tap|send|type|press)\b/gi, 'say'],
    [/\bbelow\b/gi, ''],
  ],
  sw: [[/\b(?:jibu|tuma|bonyeza|andika|gusa)\b/gi, 'sema']],
};

/** One piece of chat text as words to be spoken in `lang`. */
export function speakable(text: string, lang: Language): string {
  let s = text.normalize('NFC').replace(URL_RE, ' ').replace(EMOJI, ' ');
  s = s.replace(/[*_~`]+/g, '').replace(/[•·▪►]/g, ',');
  s = s.replace(/\s*[([]\s*/g, ', ').replace(/\s*[)\]]/g, '');
  s = s.replace(
    /\b(?:KES|KSh|Ksh|Sh)\.?\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{2}))?/g,
    (_, a: string, c?: string) => money(a, c, lang),
  );
  s = s.replace(
    /\b(\d{1,2}):(\d{2})\s?([ap])\.?m\.?(?=\W|$)/gi,
    (_, h: string, m: string, ap: string) => {
      const h24 = (Number(h) % 12) + (ap.toLowerCase() === 'p' ? 12 : 0);
      return lang === 'sw' ? swahiliClock(h24, Number(m)) : englishClock(h24, Number(m));
    },
  );
  s = s.replace(/\b([01]?\d|2[0-3]):([0-5]\d)\b/g, (_, h: string, m: string) =>
    lang === 'sw' ? swahiliClock(Number(h), Number(m)) : englishClock(Number(h), Number(m)),
  );
  s = s.replace(
    /\b(Sun|Mon|Tue|Wed|Thu|Fri|Sat)\w*\s(\d{1,2})\s(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\w*/g,
    (_, d: string, n: string, mo: string) =>
      `${EN_DAYS[d]} the ${englishOrdinal(Number(n))} of ${EN_MONTHS[mo]}`,
  );
  s = s.replace(
    new RegExp(`\\b(\\d{1,2})\\s(${SW_MONTHS})\\b`, 'g'),
    (_, n: string, mo: string) => `tarehe ${numberWords(Number(n), 'sw')} ${mo}`,
  );
  s = s.replace(/\bRef\.?\s?#\s?(?=\d)/g, lang === 'sw' ? 'Namba ' : 'Reference number ');
  s = s.replace(/#\s?(?=\d)/g, lang === 'sw' ? 'namba ' : 'number ');
  s = s.replace(/\b\d{1,3}(?:,\d{3})+\b|\b\d+\b/g, (n) =>
    numberWords(Number(n.replaceAll(',', '')), lang),
  );
  for (const [re, by] of HINTS[lang]) s = s.replace(re, by);
  s = s.replace(/\s*[—–]\s*/g, ', ').replace(/\s+([,.!?])/g, '$1');
  s = s
    .replace(/,+([.!?])/g, '$1')
    .replace(/,{2,}/g, ',')
    .replace(/,(?=\S)/g, ', ');
  return s.replace(/\s+/g, ' ').replace(/^[\s,]+|[\s,]+$/g, '');
}

/** "Say one for A, two for B, or three for C." / "Sema moja kwa A, mbili kwa B, au tatu kwa C." */
export function choicesSentence(choices: readonly SpokenChoice[], lang: Language): string {
  const parts = choices.map(
    (c) => `${numberWords(c.n, lang)} ${lang === 'sw' ? 'kwa' : 'for'} ${speakable(c.title, lang)}`,
  );
  const or = lang === 'sw' ? 'au' : 'or';
  const list =
    parts.length <= 1
      ? (parts[0] ?? '')
      : `${parts.slice(0, -1).join(', ')}, ${or} ${parts.at(-1)}`;
  return `${lang === 'sw' ? 'Sema' : 'Say'} ${list}.`;
}

function choicesOf(m: OutboundMessage): SpokenChoice[] {
  switch (m.kind) {
    case 'text':
      return [];
    case 'buttons':
      return m.buttons.map((b, i) => ({ n: i + 1, id: b.id, title: b.title }));
    case 'list':
      return m.sections
        .flatMap((s) => s.rows)
        .map((r, i) => ({ n: i + 1, id: r.id, title: r.title }));
  }
}

/** Splits spoken text into sentences (a TTS request each: the first one starts sooner). */
export function sentencesOf(text: string): string[] {
  return (
    text
      // A new sentence starts with a capital: "three p.m. (eight hundred shillings)" is one.
      .split(/(?<=[.!?])\s+(?=\p{Lu})|\n+/u)
      .map((s) => s.trim())
      .filter((s) => /[\p{L}\p{N}]/u.test(s))
  );
}

/** A turn's replies as sentences to speak, with the choices they offered. */
export function renderSpeech(messages: readonly OutboundMessage[], lang: Language): SpokenReply {
  const sentences: string[] = [];
  let choices: SpokenChoice[] = [];
  for (const m of messages) {
    for (const line of m.text.split(/\n+/)) sentences.push(...sentencesOf(speakable(line, lang)));
    const offered = choicesOf(m);
    if (offered.length) {
      choices = offered;
      sentences.push(choicesSentence(offered, lang));
    }
  }
  const closed = sentences
    .map((s) => s.charAt(0).toUpperCase() + s.slice(1))
    .map((s) => (/[.!?]$/.test(s) ? s : `${s.replace(/[:;,]+$/, '')}.`));
  return { sentences: closed, choices };
}
