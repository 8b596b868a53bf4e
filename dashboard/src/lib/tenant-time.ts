import {
  clockInZone,
  dayInZone,
  formatDayIso,
  formatInstant,
  type DayStyle,
} from '$contract/day-format';
import type { Language } from '$contract/thread';
import { session } from './session.svelte';

/**
 * Dates and times as the business reads them: in the tenant's time zone (not the browser's),
 * day before month in the tenant's language and a 24-hour clock (not US format).
 */
function tenant() {
  return session.tenants.find((t) => t.slug === session.tenant);
}

export function tenantZone(): string {
  return tenant()?.timezone ?? 'UTC';
}

/** The language the console writes dates in: the tenant's first language. */
export function tenantLanguage(): Language {
  return tenant()?.language ?? 'en';
}

export function formatTime(ms: number, seconds = false): string {
  return clockInZone(ms, tenantZone(), seconds);
}

/** "Mon 7 Dec 2026 14:05" / "Jumatatu 7 Des 2026 14:05" in the tenant's zone. */
export function formatDateTime(ms: number, style: DayStyle = 'short'): string {
  return formatInstant(ms, tenantLanguage(), tenantZone(), style);
}

/** "Mon 7 Dec 2026" / "Jumatatu 7 Des 2026" for an ISO day of the tenant. */
export function formatDayIsoForTenant(dayIso: string, style: DayStyle = 'short'): string {
  return formatDayIso(dayIso, tenantLanguage(), style);
}

/** The tenant's day of an instant, written as the tenant writes it. */
export function formatDay(ms: number, style: DayStyle = 'short'): string {
  return formatDayIso(dayInZone(ms, tenantZone()), tenantLanguage(), style);
}

/** "42s ago", "5m ago", "3h ago", then the tenant's day ("Jumatatu 7 Des"). */
export function timeAgo(ms: number | null, now = Date.now()): string {
  if (!ms) return '—';
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return formatDay(ms, 'noYear');
}
