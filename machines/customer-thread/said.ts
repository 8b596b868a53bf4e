import {
  ASIDE_INTENTS,
  INTENTS,
  type Aside,
  type InboundMessageEvent,
  type Intent,
  type Language,
  type PartOfDay,
  type Understanding,
} from '../../contract';
import { isDate, isTime } from './format';
import type { Flow, MenuItem, Said, Tap } from './types';

/**
 * Reads one customer message: the runtime's `Understanding` (sanitized: it is journaled JSON and
 * may come from a model), the tapped button id, and the few keywords that must work even when the
 * parser misses them (STOP / ACHA / OUT, START / ANZA, MENU / ANZA UPYA).
 */

export const MIN_CONFIDENCE = 0.5;
/** Longer messages are read, but only this much of them is relayed or sent on. */
export const MAX_TEXT = 1000;

const PARTS: readonly PartOfDay[] = ['morning', 'afternoon', 'evening', 'night'];
const MENU: readonly MenuItem[] = [
  'book',
  'my_bookings',
  'reschedule',
  'cancel',
  'prices',
  'human',
];

const STOP_WORDS = new Set(['stop', 'acha', 'out', 'unsubscribe', 'stopall']);
const START_WORDS = new Set(['start', 'anza', 'subscribe', 'unstop']);
const RESTART_WORDS = new Set(['menu', 'anza upya', 'start over', 'restart', 'mwanzo', 'home']);

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function readUnderstanding(raw: unknown): Understanding | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const u = raw as Record<string, unknown>;
  const intent = INTENTS.find((i) => i === u.intent) ?? 'unknown';
  const language: Language = u.language === 'sw' ? 'sw' : 'en';
  const confidence =
    typeof u.confidence === 'number' && Number.isFinite(u.confidence) ? u.confidence : 0;
  const serviceIds = Array.isArray(u.serviceIds)
    ? u.serviceIds.filter((s): s is string => typeof s === 'string').slice(0, 5)
    : [];
  const date = str(u.date);
  const time = str(u.time);
  const choice = typeof u.choice === 'number' && Number.isInteger(u.choice) ? u.choice : undefined;
  return {
    language,
    intent,
    confidence,
    serviceIds,
    ...(str(u.staffId) ? { staffId: str(u.staffId) as string } : {}),
    ...(u.anyStaff === true ? { anyStaff: true } : {}),
    ...(date && isDate(date) ? { date } : {}),
    ...(time && isTime(time) ? { time } : {}),
    ...(PARTS.find((p) => p === u.partOfDay) ? { partOfDay: u.partOfDay as PartOfDay } : {}),
    ...(choice !== undefined && choice >= 1 && choice <= 50 ? { choice } : {}),
    ...(str(u.topic) ? { topic: (u.topic as string).slice(0, 500) } : {}),
    ...(u.soonest === true ? { soonest: true } : {}),
    ...(u.shift === 'later' || u.shift === 'earlier' ? { shift: u.shift } : {}),
    ...(u.sameTime === true ? { sameTime: true } : {}),
    ...(typeof u.weeksLater === 'number' && Number.isInteger(u.weeksLater)
      ? { weeksLater: Math.min(8, Math.max(1, u.weeksLater)) }
      : {}),
    ...(str(u.unknownService)
      ? { unknownService: (u.unknownService as string).trim().slice(0, 40) }
      : {}),
    ...(readAsides(u.asides).length > 0 ? { asides: readAsides(u.asides) } : {}),
    source: u.source === 'llm' ? 'llm' : 'parser',
  };
}

/** At most three side questions, each a known aside intent with an optional short topic. */
function readAsides(raw: unknown): Aside[] {
  if (!Array.isArray(raw)) return [];
  const asides: Aside[] = [];
  for (const item of raw.slice(0, 3) as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const a = item as Record<string, unknown>;
    const intent = ASIDE_INTENTS.find((i) => i === a.intent);
    if (!intent) continue;
    const topic = str(a.topic)?.trim().slice(0, 200);
    asides.push(topic ? { intent, topic } : { intent });
  }
  return asides;
}

/** Parses a button / row id built by `replies.ts`. */
export function readTap(id: string): Tap {
  const [head = '', ...rest] = id.split(':');
  const tail = rest.join(':');
  const yes = tail === 'yes';
  switch (head) {
    case 'svc':
      return tail ? { kind: 'svc', serviceId: tail } : { kind: 'unknown', raw: id };
    case 'staff':
      return tail
        ? { kind: 'staff', staffId: tail === 'any' ? null : tail }
        : { kind: 'unknown', raw: id };
    case 'day':
      return isDate(tail) ? { kind: 'day', date: tail } : { kind: 'unknown', raw: id };
    case 'when':
      return tail === 'soonest' ? { kind: 'soonest' } : { kind: 'unknown', raw: id };
    case 'slot': {
      const cut = tail.lastIndexOf(':');
      const start = tail.slice(0, cut);
      const staffId = tail.slice(cut + 1);
      return cut > 0 && staffId && /^\d{4}-\d{2}-\d{2}T/.test(start)
        ? { kind: 'slot', start, staffId }
        : { kind: 'unknown', raw: id };
    }
    case 'appt':
      return /^\d{1,12}$/.test(tail)
        ? { kind: 'appt', id: Number(tail) }
        : { kind: 'unknown', raw: id };
    case 'confirm':
    case 'addon':
    case 'human':
    case 'resume':
      return yes || tail === 'no' ? { kind: head, yes } : { kind: 'unknown', raw: id };
    case 'pay':
      return tail === 'retry' || tail === 'skip' || tail === 'cancel'
        ? { kind: 'pay', retry: tail === 'retry', ...(tail === 'cancel' ? { cancel: true } : {}) }
        : { kind: 'unknown', raw: id };
    case 'paywith':
      return tail === 'mpesa' || tail === 'card'
        ? { kind: 'paywith', provider: tail === 'card' ? 'pesapal' : 'mpesa' }
        : { kind: 'unknown', raw: id };
    case 'menu': {
      const item = MENU.find((m) => m === tail);
      return item ? { kind: 'menu', item } : { kind: 'unknown', raw: id };
    }
    case 'reminder': {
      const [action, n = ''] = tail.split(':');
      return (action === 'confirm' || action === 'reschedule') && /^\d{1,12}$/.test(n)
        ? { kind: 'reminder', action, id: Number(n) }
        : { kind: 'unknown', raw: id };
    }
    default:
      return { kind: 'unknown', raw: id };
  }
}

function keywordOf(text: string): Said['keyword'] {
  const words = text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .trim()
    .replace(/\s+/g, ' ');
  if (STOP_WORDS.has(words)) return 'stop';
  if (START_WORDS.has(words)) return 'start';
  if (RESTART_WORDS.has(words)) return 'restart';
  return null;
}

const TAP_INTENT: Partial<Record<Tap['kind'], Intent>> = { svc: 'book', day: 'book' };

function tapIntent(tap: Tap): Intent {
  if (tap.kind === 'menu') return tap.item === 'prices' ? 'prices' : tap.item;
  if (tap.kind === 'confirm' || tap.kind === 'addon' || tap.kind === 'resume') {
    return tap.yes ? 'yes' : 'no';
  }
  if (tap.kind === 'human') return tap.yes ? 'human' : 'no';
  return TAP_INTENT[tap.kind] ?? 'unknown';
}

export function readMessage(event: InboundMessageEvent): Said {
  const rawText = typeof event.text === 'string' ? event.text : '';
  const text = rawText.trim().slice(0, 4 * MAX_TEXT);
  const tap =
    typeof event.replyId === 'string' && event.replyId
      ? readTap(event.replyId.slice(0, 300))
      : null;
  // Regression: a tap carries its button's title as text, and the title's own reading ("10:00
  // Baraka") was merged into the draft, so an old Thursday slot tapped while Friday was on offer
  // searched Friday at 10:00. A tap means its id; its title is not read.
  const u = tap ? null : readUnderstanding(event.understanding);
  const keyword = tap ? null : keywordOf(text.slice(0, 40));
  const bareNumber = /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(text);
  const confident = tap !== null || (u !== null && u.confidence >= MIN_CONFIDENCE);
  let intent: Intent = tap ? tapIntent(tap) : u && confident ? u.intent : 'unknown';
  if (keyword === 'stop') intent = 'stop';
  if (keyword === 'start') intent = 'start';
  return {
    text,
    tap,
    intent,
    confident: confident || keyword !== null,
    language: u && !tap && /\p{L}/u.test(text) ? u.language : null,
    serviceIds: u?.serviceIds ?? [],
    staffId: u?.staffId ?? null,
    anyStaff: u?.anyStaff === true,
    date: u?.date ?? null,
    time: u?.time ?? null,
    partOfDay: u?.partOfDay ?? null,
    choice: u?.choice ?? (bareNumber ? Number(bareNumber[1]) : null),
    topic: u?.topic ?? null,
    soonest: u?.soonest === true,
    shift: u?.shift ?? null,
    sameTime: u?.sameTime === true,
    weeksLater: u?.weeksLater ?? null,
    unknownService: u?.unknownService ?? null,
    asides: u?.asides ?? [],
    keyword,
    blank: !tap && !/[\p{L}\p{N}]/u.test(text),
    media: mediaOf(event),
  };
}

/** `media` is optional in the contract; read it defensively. */
function mediaOf(event: InboundMessageEvent): string | null {
  const media = (event as InboundMessageEvent & { media?: unknown }).media;
  return typeof media === 'string' && media ? media.slice(0, 30) : null;
}

/** The flow an intent starts, if any. */
export function flowOf(intent: Intent): Flow | null {
  switch (intent) {
    case 'book':
      return 'booking';
    case 'cancel':
      return 'cancel';
    case 'reschedule':
      return 'reschedule';
    case 'my_bookings':
      return 'myBookings';
    case 'prices':
    case 'hours':
    case 'location':
    case 'inquiry':
      return 'inquiry';
    case 'greeting':
    case 'thanks':
    case 'yes':
    case 'no':
    case 'human':
    case 'stop':
    case 'start':
    case 'unknown':
      return null;
  }
}

/** The message carries something a booking step can use. */
export function hasBookingInfo(s: Said): boolean {
  return (
    hasWhenInfo(s) ||
    s.serviceIds.length > 0 ||
    s.staffId !== null ||
    s.anyStaff ||
    tapIs(s, 'svc', 'staff')
  );
}

export function hasWhenInfo(s: Said): boolean {
  return (
    s.date !== null ||
    s.time !== null ||
    s.partOfDay !== null ||
    s.soonest ||
    s.shift !== null ||
    s.sameTime ||
    s.weeksLater !== null ||
    tapIs(s, 'day', 'soonest')
  );
}

export function tapIs(s: Said, ...kinds: Tap['kind'][]): boolean {
  return s.tap !== null && kinds.includes(s.tap.kind);
}
