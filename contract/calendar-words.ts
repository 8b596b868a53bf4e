import type { Language } from './thread';

/**
 * Day and month names and the Swahili clock, in the two languages every reply is written in:
 * one copy for the booking domain, the machines' replies and the spoken ones.
 */

/** Sunday first, as `Date#getUTCDay` counts. */
export const WEEKDAY_NAMES: Readonly<Record<Language, readonly string[]>> = {
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
  sw: ['Jumapili', 'Jumatatu', 'Jumanne', 'Jumatano', 'Alhamisi', 'Ijumaa', 'Jumamosi'],
};

/** January first. */
export const MONTH_NAMES: Readonly<Record<Language, readonly string[]>> = {
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
  sw: [
    'Januari',
    'Februari',
    'Machi',
    'Aprili',
    'Mei',
    'Juni',
    'Julai',
    'Agosti',
    'Septemba',
    'Oktoba',
    'Novemba',
    'Desemba',
  ],
};

/** "Fri", "Nov": English names cut to three letters; Swahili names stay whole (they share prefixes). */
export function shortName(name: string, language: Language): string {
  return language === 'en' ? name.slice(0, 3) : name;
}

const SW_HOURS = [
  'kumi na mbili',
  'moja',
  'mbili',
  'tatu',
  'nne',
  'tano',
  'sita',
  'saba',
  'nane',
  'tisa',
  'kumi',
  'kumi na moja',
];

/**
 * Swahili clock time, where the day starts at 06:00: 15:00 is "saa tisa mchana", 07:45 "saa
 * mbili kasoro robo asubuhi". `minutes` writes odd minutes (digits in text, words when spoken).
 */
export function swahiliClock(h24: number, m: number, minutes = (n: number) => String(n)): string {
  const quarterTo = m === 45;
  const hour = quarterTo ? (h24 + 1) % 24 : h24;
  const period =
    hour >= 5 && hour < 12
      ? 'asubuhi'
      : hour >= 12 && hour < 16
        ? 'mchana'
        : hour >= 16 && hour < 19
          ? 'jioni'
          : 'usiku';
  const rest =
    m === 0
      ? ''
      : m === 15
        ? ' na robo'
        : m === 30
          ? ' na nusu'
          : quarterTo
            ? ' kasoro robo'
            : ` na dakika ${minutes(m)}`;
  return `saa ${SW_HOURS[(hour + 6) % 12] ?? ''}${rest} ${period}`;
}
