import { dayInZone, formatDayIso, type DayStyle } from '$contract/day-format';
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
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: tenantZone(),
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(seconds ? { second: '2-digit' } : {}),
  }).format(ms);
}

/** "Mon 7 Dec 2026" / "Jumatatu 7 Des 2026" for an ISO day of the tenant. */
export function formatDayIsoForTenant(dayIso: string, style: DayStyle = 'short'): string {
  return formatDayIso(dayIso, tenantLanguage(), style);
}

/** The tenant's day of an instant, written as the tenant writes it. */
export function formatDay(ms: number, style: DayStyle = 'short'): string {
  return formatDayIso(dayInZone(ms, tenantZone()), tenantLanguage(), style);
}
