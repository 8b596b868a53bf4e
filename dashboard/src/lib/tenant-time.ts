import { session } from './session.svelte';

/**
 * Dates and times as the business reads them: in the tenant's time zone (not the browser's) and
 * day-month order with a 24-hour clock (not US format).
 */
export function tenantZone(): string {
  return session.tenants.find((t) => t.slug === session.tenant)?.timezone ?? 'UTC';
}

export function formatTime(ms: number, seconds = false): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: tenantZone(),
    hour: '2-digit',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : {}),
  }).format(ms);
}

export function formatDay(ms: number): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: tenantZone(),
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  }).format(ms);
}
