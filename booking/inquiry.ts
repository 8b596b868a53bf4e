/**
 * Answers to questions that need no booking: prices, opening hours, location, and the tenant's
 * knowledge snippets. Pure: the caller loads the catalog and the snippets. When nothing answers,
 * the customer is offered a human (`answered: false`), never a guess.
 */
import type { CallKinds, Language } from '../contract';
import {
  dateLabel,
  dayName,
  formatDuration,
  formatKes,
  formatSpans,
  serviceName,
  shortDayName,
} from './booking-text';
import { matchKnowledge } from './knowledge-match';
import { WEEKDAYS, type Catalog, type KnowledgeSnippet, type WeekHours } from './types';
import { addDays, epochToWall, isDate, weekdayOf } from './wall-clock';

type Inquiry = CallKinds['inquiry.answer'];

export interface InquiryTenant {
  name: string;
  location?: { address: string; maps_url?: string } | undefined;
}

const PRICE_LIST_MAX = 12;

const TOPIC_HINTS: Record<'prices' | 'hours' | 'location', RegExp> = {
  prices: /\b(price|prices|cost|costs|how much|charge|bei|gharama|pesa ngapi|ni ngapi)\b/i,
  hours: /\b(open|opening|close|closing|hours|time|wazi|mnafungua|mnafunga|kufungua|kufunga)\b/i,
  location: /\b(where|location|address|directions|map|wapi|mahali|ramani|mko)\b/i,
};

function pricesText(catalog: Catalog, serviceIds: string[], language: Language): string | null {
  const active = catalog.services.filter((s) => s.active);
  const asked = serviceIds
    .map((id) => active.find((s) => s.id === id))
    .filter((s) => s !== undefined);
  if (asked.length > 0) {
    return asked
      .map((s) =>
        language === 'sw'
          ? `${serviceName(s, 'sw')}: ${formatKes(s.priceKesMinor)}, takriban ${formatDuration(s.durationMin, 'sw')}.`
          : `${serviceName(s, 'en')}: ${formatKes(s.priceKesMinor)}, about ${formatDuration(s.durationMin, 'en')}.`,
      )
      .join('\n');
  }
  if (active.length === 0) return null;
  const lines = active
    .slice(0, PRICE_LIST_MAX)
    .map(
      (s) =>
        `• ${serviceName(s, language)} — ${formatKes(s.priceKesMinor)} (${formatDuration(s.durationMin, language)})`,
    );
  if (active.length > PRICE_LIST_MAX) lines.push(language === 'sw' ? '• na zaidi…' : '• and more…');
  return [language === 'sw' ? 'Bei zetu:' : 'Our prices:', ...lines].join('\n');
}

/** "Mon–Thu 08:00–19:00; Fri 08:00–20:00; Sun closed": consecutive equal days grouped. */
function weekText(hours: WeekHours, language: Language): string {
  const groups: { from: number; to: number; text: string }[] = [];
  WEEKDAYS.forEach((day, i) => {
    const spans = hours[day] ?? [];
    const text = spans.length ? formatSpans(spans) : language === 'sw' ? 'tumefunga' : 'closed';
    const last = groups.at(-1);
    if (last && last.text === text) last.to = i;
    else groups.push({ from: i, to: i, text });
  });
  return groups
    .map((g) => {
      const from = shortDayName(WEEKDAYS[g.from]!, language);
      const days = g.from === g.to ? from : `${from}–${shortDayName(WEEKDAYS[g.to]!, language)}`;
      return `${days} ${g.text}`;
    })
    .join('; ');
}

/** The day asked about ("on Saturday?"), when it is a later day than today. */
function dayAsked(catalog: Catalog, date: string | undefined, today: string, language: Language) {
  if (date === undefined || !isDate(date) || date <= today) return null;
  const spans = catalog.hours[weekdayOf(date)] ?? [];
  const holiday = catalog.holidays.find((h) => h.date === date);
  const label = dateLabel(date, weekdayOf(date), language);
  const why = holiday?.name ? ` (${holiday.name})` : '';
  const sw = language === 'sw';
  if (holiday || spans.length === 0)
    return sw ? `${label} tumefunga${why}.` : `We're closed on ${label}${why}.`;
  return sw
    ? `${label} tuko wazi ${formatSpans(spans)}.`
    : `On ${label} we're open ${formatSpans(spans)}.`;
}

function hoursText(
  catalog: Catalog,
  now: number,
  language: Language,
  date?: string,
): string | null {
  if (WEEKDAYS.every((d) => (catalog.hours[d] ?? []).length === 0)) return null;
  const today = epochToWall(now, catalog.timezone).date;
  const day = weekdayOf(today);
  const holiday = catalog.holidays.find((h) => h.date === today);
  const spans = catalog.hours[day] ?? [];
  const sw = language === 'sw';
  const name = dayName(day, language);
  let first: string;
  const asked = dayAsked(catalog, date, today, language);
  if (asked !== null) {
    first = asked;
  } else if (holiday) {
    const why = holiday.name ? ` (${holiday.name})` : '';
    first = sw ? `Leo tumefunga${why}.` : `We're closed today${why}.`;
  } else if (spans.length === 0) {
    first = sw ? `Leo (${name}) tumefunga.` : `We're closed today (${name}).`;
  } else {
    first = sw
      ? `Leo (${name}) tuko wazi ${formatSpans(spans)}.`
      : `Today (${name}) we're open ${formatSpans(spans)}.`;
  }
  const lines = [first, `${sw ? 'Saa zetu' : 'Our hours'}: ${weekText(catalog.hours, language)}.`];
  const soon = catalog.holidays.filter((h) => h.date > today && h.date <= addDays(today, 7));
  for (const h of soon) {
    const label = `${dateLabel(h.date, weekdayOf(h.date), language)}${h.name ? ` (${h.name})` : ''}`;
    lines.push(sw ? `Kumbuka: tumefunga ${label}.` : `Note: we're closed on ${label}.`);
  }
  return lines.join('\n');
}

function locationText(tenant: InquiryTenant, language: Language): string | null {
  const loc = tenant.location;
  if (!loc?.address) return null;
  const url =
    loc.maps_url ??
    `https://www.google.com/maps/search/?api=1&query=${encodeURIComponent(`${tenant.name}, ${loc.address}`)}`;
  return language === 'sw'
    ? `Tuko ${loc.address}.\nRamani: ${url}`
    : `We're at ${loc.address}.\nMap: ${url}`;
}

export function dontKnowText(tenant: InquiryTenant, language: Language): string {
  return language === 'sw'
    ? `Samahani, sina uhakika kuhusu hilo. Nimuulize mtu wa ${tenant.name} akujibu?`
    : `I'm not sure about that one. Shall I ask someone at ${tenant.name} to get back to you?`;
}

/** Answers a customer's question, in their language. */
export function answerInquiry(
  input: {
    catalog: Catalog;
    knowledge: readonly KnowledgeSnippet[];
    tenant: InquiryTenant;
    now: number;
  },
  payload: Inquiry['payload'],
): Inquiry['result'] {
  const { catalog, tenant, now } = input;
  const language: Language = payload.language === 'sw' ? 'sw' : 'en';
  const topic = payload.topic ?? '';
  const byKind = {
    prices: () => pricesText(catalog, payload.serviceIds, language),
    hours: () => hoursText(catalog, now, language, payload.date),
    location: () => locationText(tenant, language),
  };
  let text: string | null = null;
  if (payload.intent === 'prices' || payload.intent === 'hours' || payload.intent === 'location') {
    text = byKind[payload.intent]();
  } else {
    text = matchKnowledge(input.knowledge, topic, language)?.answer ?? null;
    for (const kind of ['prices', 'hours', 'location'] as const) {
      if (text === null && TOPIC_HINTS[kind].test(topic)) text = byKind[kind]();
    }
    if (text === null && payload.serviceIds.length > 0) text = byKind.prices();
  }
  return text === null
    ? { answered: false, text: dontKnowText(tenant, language) }
    : { answered: true, text };
}
