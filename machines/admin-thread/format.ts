/** Dates, times and money for the owner's messages (and the notices customers get). */
import type { Lang } from './types';

const WEEKDAYS: Record<Lang, string[]> = {
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
  sw: ['Jumapili', 'Jumatatu', 'Jumanne', 'Jumatano', 'Alhamisi', 'Ijumaa', 'Jumamosi'],
};
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTHS_LONG: Record<Lang, string[]> = {
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

/** "2026-11-20" -> "Fri 20 Nov" / "Ijumaa 20 Nov". */
export function day(date: string, lang: Lang): string {
  const [y, m, d] = date.slice(0, 10).split('-').map(Number) as [number, number, number];
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return `${WEEKDAYS[lang][wd]} ${d} ${MONTHS[m - 1]}`;
}

/** "2026-11" -> "November 2026". */
export function month(m: string, lang: Lang): string {
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return `${MONTHS_LONG[lang][mo - 1]} ${y}`;
}

/** An ISO instant with the tenant's offset -> its wall-clock "14:00". */
export const time = (iso: string) => iso.slice(11, 16);

export function money(kesMinor: number): string {
  const whole = Math.round(kesMinor / 100);
  return `KES ${whole.toLocaleString('en-US')}`;
}

export const cap = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
