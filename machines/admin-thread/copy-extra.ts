/**
 * What the owner reads for the later commands (extra hours, services for a staff member,
 * commission amendments): their one-line echo, the value before the change, and why one
 * cannot be done. English and Swahili.
 */
import type { AdminCommand } from '../../contract';
import { day, money, month } from './format';
import type { Lang } from './types';

const L = (lang: Lang, en: string, sw: string) => (lang === 'sw' ? sw : en);
const signed = (kesMinor: number) => `${kesMinor < 0 ? '−' : '+'}${money(Math.abs(kesMinor))}`;

type Extra = Extract<
  AdminCommand,
  { type: 'extra_hours' | 'assign_services' | 'amend_commission' }
>;

export const EXTRA_ECHO: {
  [K in Extra['type']]: (c: Extract<Extra, { type: K }>, lang: Lang) => string;
} = {
  extra_hours: (c, lang) =>
    L(
      lang,
      `🕘 Open ${c.staffName ? `for ${c.staffName}` : 'the salon'} ${day(c.date, lang)} ${c.from}–${c.to} (extra hours)`,
      `🕘 Saa za ziada: ${c.staffName ?? 'saluni'} ${day(c.date, lang)} ${c.from}–${c.to}`,
    ),
  assign_services: (c, lang) =>
    L(
      lang,
      `💇 ${c.staffName} does ${c.serviceNames.join(', ')}`,
      `💇 ${c.staffName} anafanya ${c.serviceNames.join(', ')}`,
    ),
  amend_commission: (c, lang) =>
    L(
      lang,
      `🧾 Amend ${c.staffName}'s ${month(c.month, lang)} commission: ${signed(c.deltaKesMinor)} (${c.note})`,
      `🧾 Rekebisha kamisheni ya ${c.staffName}, ${month(c.month, lang)}: ${signed(c.deltaKesMinor)} (${c.note})`,
    ),
};

/** The line under the echo in the confirmation, from `admin.preview`'s `before`. */
export function extraBefore(c: AdminCommand, before: string, lang: Lang): string | null {
  if (c.type === 'amend_commission') {
    const now = Number(before);
    return L(
      lang,
      `(pays ${money(now)} now → ${money(now + c.deltaKesMinor)})`,
      `(sasa ${money(now)} → ${money(now + c.deltaKesMinor)})`,
    );
  }
  if (c.type === 'assign_services')
    return before
      ? L(
          lang,
          `(does now: ${before.split(',').join(', ')})`,
          `(sasa: ${before.split(',').join(', ')})`,
        )
      : L(lang, '(no services yet)', '(bado hana huduma)');
  return null;
}

/** How the confirmation ends: what the owner is agreeing to. */
export function askFor(c: AdminCommand, lang: Lang): string {
  const t = c.type;
  if (t === 'block' || t === 'day_off' || t === 'holiday')
    return L(lang, 'No bookings are affected. Go ahead?', 'Hakuna miadi inayoguswa. Niendelee?');
  if (t === 'extra_hours')
    return L(
      lang,
      'Customers can book in them. Go ahead?',
      'Wateja wataweza kuweka miadi. Niendelee?',
    );
  if (t === 'amend_commission')
    return L(
      lang,
      'The closed period stays; this is recorded as an amendment. Go ahead?',
      'Kipindi kilichofungwa kinabaki; hili litaandikwa kama marekebisho. Niendelee?',
    );
  return L(lang, 'Customers will see this. Confirm?', 'Wateja wataona hili. Nithibitishe?');
}

export const EXTRA_REASONS: Record<string, [string, string]> = {
  not_closed: [
    "that month isn't closed yet — close it first (e.g. “close November”)",
    'mwezi huo bado haujafungwa — ufunge kwanza (mf. “funga Novemba”)',
  ],
  already_amended: [
    'that amendment is already recorded — nothing changed',
    'marekebisho hayo yameshaandikwa — hakuna kilichobadilika',
  ],
  no_change: ['they already do all of those', 'tayari anafanya hizo zote'],
};
