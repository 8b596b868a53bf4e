import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';

/** Recent answers: parsing with libphonenumber is the costliest step of a webhook's ack. */
const recent = new Map<string, string | undefined>();
const RECENT_MAX = 10_000;

/**
 * E.164 form of a phone number as channels give it: WhatsApp's wa_id has no '+', callers may
 * dial the local form (0712...). Returns undefined for anything that is not a valid number.
 */
export function normalizePhone(
  raw: string,
  defaultCountry: CountryCode = 'KE',
): string | undefined {
  if (raw.length > 40) return undefined; // no number is that long, even with spaces
  const key = `${defaultCountry}:${raw}`;
  if (recent.has(key)) return recent.get(key);
  const phone = parsePhone(raw, defaultCountry);
  if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value!);
  recent.set(key, phone);
  return phone;
}

function parsePhone(raw: string, defaultCountry: CountryCode): string | undefined {
  const text = raw.trim();
  // eslint-disable-next-line no-control-regex -- control characters are what we refuse
  if (text.length === 0 || text.length > 32 || /[\u0000-\u001f\u007f]/.test(text)) return undefined;
  const withPlus = /^\d{10,15}$/.test(text) && !text.startsWith('0') ? `+${text}` : text;
  const parsed = parsePhoneNumberFromString(withPlus, defaultCountry);
  return parsed?.isValid() ? parsed.number : undefined;
}

/** `+254712345678` -> `+2547•••••678`: for the console and logs that must not show the number. */
export function maskPhone(phone: string): string {
  if (phone.length < 8) return '•'.repeat(phone.length);
  return `${phone.slice(0, 5)}${'•'.repeat(phone.length - 8)}${phone.slice(-3)}`;
}
