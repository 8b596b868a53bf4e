import { DEFAULT_PERSONALITY_DIALS, readPersonalityDials } from '../../contract';
import type { CatalogService, CatalogStaff, Personality, ThreadSettings } from './types';

/**
 * Reads the part of `ThreadInput.settings` (the tenant file minus secrets, see
 * `runtime/tenancy/tenant-apply.ts`) the thread needs. Defensive: settings are free-form JSON, and
 * anything missing or malformed falls back to the tenant file's defaults.
 */

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
const num = (v: unknown, def: number): number =>
  typeof v === 'number' && Number.isFinite(v) ? v : def;

export const DEFAULT_PERSONALITY: Personality = DEFAULT_PERSONALITY_DIALS;

function readService(raw: unknown): CatalogService | null {
  const s = obj(raw);
  const id = str(s.id);
  const name = obj(s.name);
  if (!id || s.active === false) return null;
  return {
    id,
    name: { en: str(name.en) ?? id, sw: str(name.sw) },
    category: str(s.category) ?? 'general',
    durationMin: num(s.duration_min, 30),
    priceKesMinor: Math.round(num(s.price_kes, 0) * 100),
  };
}

function readStaff(raw: unknown): CatalogStaff | null {
  const s = obj(raw);
  const id = str(s.id);
  if (!id) return null;
  const services = Array.isArray(s.services)
    ? s.services.filter((x): x is string => typeof x === 'string')
    : [];
  return { id, name: str(s.name) ?? id, services };
}

const list = <T>(v: unknown, read: (x: unknown) => T | null): T[] =>
  Array.isArray(v) ? v.map(read).filter((x): x is T => x !== null) : [];

export function readSettings(raw: unknown): ThreadSettings {
  const s = obj(raw);
  const mpesa = obj(obj(s.payments).mpesa);
  const pesapal = obj(obj(s.payments).pesapal);
  const policy = obj(s.policy);
  return {
    personality: readPersonalityDials(s.personality),
    payments: {
      mpesa: mpesa.enabled === true,
      card: pesapal.enabled === true,
      depositPercent: Math.min(100, Math.max(0, num(mpesa.deposit_percent, 0))),
      payAtSalon: obj(s.payments).pay_at_salon !== false,
    },
    policy: {
      cancelCutoffMin: num(policy.cancel_cutoff_min, 120),
      rescheduleCutoffMin: num(policy.reschedule_cutoff_min, 120),
    },
    services: list(s.services, readService).slice(0, 50),
    staff: list(s.staff, readStaff).slice(0, 50),
  };
}
