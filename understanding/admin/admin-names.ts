/**
 * Names, phones and amounts in an owner's message: staff and services by fuzzy name (with a
 * did-you-mean for a word that is close to nothing exactly), Kenyan phone numbers, KES amounts.
 */
import { CatalogIndex } from '../catalog-index';
import { editDistance } from '../fuzzy-match';
import type { NluCatalog } from '../types';

export interface AdminCatalog extends NluCatalog {
  /** Display names of services (English), by id. */
  serviceNames: Record<string, string>;
}

export class NameFinder {
  private readonly index: CatalogIndex;
  constructor(private readonly catalog: AdminCatalog) {
    this.index = new CatalogIndex(catalog);
  }

  staff(words: readonly string[]): { id: string; name: string } | undefined {
    const id = this.index.matchStaff(words);
    const s = id === undefined ? undefined : this.catalog.staff.find((x) => x.id === id);
    return s ? { id: s.id, name: s.name } : undefined;
  }

  service(words: readonly string[]): { id: string; name: string } | undefined {
    const id = this.index.matchServices(words)[0];
    return id === undefined ? undefined : { id, name: this.catalog.serviceNames[id] ?? id };
  }

  /** Every service the words name ("braids and pedicure"), best match first. */
  services(words: readonly string[]): { id: string; name: string }[] {
    return this.index
      .matchServices(words)
      .map((id) => ({ id, name: this.catalog.serviceNames[id] ?? id }));
  }

  /** The closest staff name to `word` within a generous distance, for "did you mean". */
  suggestStaff(word: string): string | undefined {
    return closest(
      word,
      this.catalog.staff.map((s) => s.name),
    );
  }

  suggestService(word: string): string | undefined {
    return closest(
      word,
      this.catalog.services.flatMap((s) => [this.catalog.serviceNames[s.id] ?? s.id, ...s.names]),
      (n) =>
        this.catalog.serviceNames[
          this.catalog.services.find((s) => s.names.includes(n))?.id ?? ''
        ] ?? n,
    );
  }
}

function closest(
  word: string,
  names: readonly string[],
  display: (n: string) => string = (n) => n,
): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const name of names) {
    const d = editDistance(word.toLowerCase(), name.toLowerCase());
    if (d <= Math.max(2, Math.floor(name.length / 2)) && (!best || d < best.d)) best = { name, d };
  }
  return best ? display(best.name) : undefined;
}

/** The word after one of `markers` ("for Wanjku", "with X", "ya X"), if any. */
export function wordAfter(
  words: readonly string[],
  markers: readonly string[],
): string | undefined {
  for (let i = 0; i < words.length - 1; i++) {
    if (markers.includes(words[i]!)) {
      const w = words[i + 1]!;
      if (/^[a-z]{3,}$/.test(w) && !STOP.has(w)) return w;
    }
  }
  return undefined;
}

const STOP = new Set(
  'the a an today tomorrow this next last month week leo kesho mwezi huu wiki saa all everyone the salon saluni'.split(
    ' ',
  ),
);

/** "0712 345 678", "+254 712 345678", "254712345678" -> E.164. */
export function findPhone(
  raw: string,
): { phone: string; index: number; length: number } | undefined {
  const m = /(\+?254|0)\s?([17]\d{2})\s?(\d{3})\s?(\d{3})\b/.exec(raw);
  if (!m) return undefined;
  return { phone: `+254${m[2]}${m[3]}${m[4]}`, index: m.index, length: m[0].length };
}

/** "900", "KES 1,200", "ksh 1500", "shilingi 900", "1.5k" -> KES minor units. */
export function findAmount(text: string): number | undefined {
  const k = /\b(\d+(?:\.\d+)?)k\b/.exec(text);
  if (k) return Math.round(Number(k[1]) * 1000 * 100);
  const m =
    /(?:kes|ksh|kshs|sh|shs)?\s*(\d{1,3}(?:,\d{3})+|\d+)(?!\s*(?::|am|pm|min|dakika|hrs|hours|h\b))/.exec(
      text,
    );
  if (!m) return undefined;
  const n = Number(m[1]!.replace(/,/g, ''));
  return Number.isFinite(n) ? n * 100 : undefined;
}

/** "90 min", "1h", "1.5 hours", "dakika 45", "saa 2" (duration) -> minutes. */
export function findDuration(text: string): number | undefined {
  const min =
    /\b(\d{1,3})\s*(?:min|mins|minutes|m)\b/.exec(text) ?? /\bdakika\s+(\d{1,3})\b/.exec(text);
  if (min) return Number(min[1]);
  const hrs = /\b(\d(?:\.\d+)?)\s*(?:h|hr|hrs|hour|hours)\b/.exec(text);
  if (hrs) return Math.round(Number(hrs[1]) * 60);
  return undefined;
}
