/**
 * The stable per-tenant system prefix: who we are, the catalog's names, the voice. It is the
 * first thing every prompt of a tenant starts with and holds nothing that changes per message
 * (no time, no customer text), so providers can serve it from their prompt cache. Entries are
 * sorted by id so a catalog re-applied in another order yields the same bytes.
 */
import type { PersonalityDials } from '../../contract';
import { describeDials } from './personality-lines';

export const PREFIX_VERSION = 'prefix.v1';

/** What the router knows about a tenant. Built by the runtime from the tenant and its catalog. */
export interface TenantProfile {
  slug: string;
  name: string;
  timezone: string;
  /** `names`: English name, Swahili name, aliases. */
  services: readonly { id: string; names: readonly string[] }[];
  staff: readonly { id: string; name: string }[];
  dials: PersonalityDials;
}

const MAX_ENTRIES = 100;
const clip = (s: string, n = 80) => s.replace(/\s+/g, ' ').trim().slice(0, n);
const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function tenantPrefix(t: TenantProfile): string {
  const services = [...t.services].sort(byId).slice(0, MAX_ENTRIES);
  const staff = [...t.staff].sort(byId).slice(0, MAX_ENTRIES);
  return [
    `You are the booking assistant of «${clip(t.name, 200)}», a salon in East Africa. Customers chat in English, Swahili or a mix of both (Sheng included). The salon's time zone is ${t.timezone}.`,
    '',
    'Services (catalog id: names and aliases):',
    ...(services.length
      ? services.map((s) => `- ${s.id}: ${s.names.map((n) => clip(n)).join(' | ')}`)
      : ['- (none listed)']),
    '',
    'Staff (catalog id: name):',
    ...(staff.length ? staff.map((s) => `- ${s.id}: ${clip(s.name)}`) : ['- (none listed)']),
    '',
    `Voice of «${clip(t.name, 200)}» in every reply:`,
    ...describeDials(t.dials),
  ].join('\n');
}
