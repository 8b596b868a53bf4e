/** Words of the booking domain in English and Swahili: money, durations, days, hours. */
import { MONTH_NAMES, shortName, WEEKDAY_NAMES, type Language } from '../contract';
import type { CatalogService, Span, Weekday } from './types';
import { formatMinutes } from './wall-clock';

const WEEKDAY_INDEX: Record<Weekday, number> = {
  sun: 0,
  mon: 1,
  tue: 2,
  wed: 3,
  thu: 4,
  fri: 5,
  sat: 6,
};

export function dayName(day: Weekday, language: Language): string {
  return WEEKDAY_NAMES[language][WEEKDAY_INDEX[day]] ?? day;
}

/** Short day names in English ("Mon"); Swahili names stay whole (they share prefixes). */
export function shortDayName(day: Weekday, language: Language): string {
  return shortName(dayName(day, language), language);
}

/**
 * "Saturday 21 Nov" / "Jumamosi 21 Novemba" for a YYYY-MM-DD date: answers never show ISO
 * dates (issue 18).
 */
export function dateLabel(date: string, day: Weekday, language: Language): string {
  const month = MONTH_NAMES[language][Number(date.slice(5, 7)) - 1] ?? '';
  return `${dayName(day, language)} ${Number(date.slice(8, 10))} ${shortName(month, language)}`;
}

const thousands = new Intl.NumberFormat('en-US');

/** KES 3,500 or KES 800.50. */
export function formatKes(priceKesMinor: number): string {
  const whole = Math.floor(priceKesMinor / 100);
  const cents = priceKesMinor % 100;
  return `KES ${thousands.format(whole)}${cents ? `.${String(cents).padStart(2, '0')}` : ''}`;
}

/** 45 min / 1 h 30 min; dakika 45 / saa 1 na dakika 30. */
export function formatDuration(minutes: number, language: Language): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (language === 'sw') {
    if (h === 0) return `dakika ${m}`;
    return m === 0 ? `saa ${h}` : `saa ${h} na dakika ${m}`;
  }
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

export function serviceName(service: CatalogService, language: Language): string {
  return language === 'sw' ? (service.nameSw ?? service.nameEn) : service.nameEn;
}

/** 08:00–19:00, 14:00–18:00 */
export function formatSpans(spans: readonly Span[]): string {
  return spans.map((s) => `${formatMinutes(s.openMin)}–${formatMinutes(s.closeMin)}`).join(', ');
}
