import type { Understanding } from '../contract';

/**
 * The labelled utterance set (fixtures/labelled-utterances.txt) and how an understanding is
 * scored against it: the intent, and the slots as a whole (every slot the label names equal,
 * none it does not name present). Shared by the parser's test and the LLM live test.
 */

export interface LabelledUtterance {
  line: number;
  /** 'en', 'sw' or 'mixed' (Sheng and code-switching). */
  group: string;
  tags: string;
  intent: string;
  slots: Record<string, string>;
  text: string;
}

export function parseLabelledSet(source: string): LabelledUtterance[] {
  const items: LabelledUtterance[] = [];
  source.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const [group = '', tags = '', intent = '', slotText = '', ...rest] = line.split('|');
    const text = rest.join('|');
    if (!text) throw new Error(`labelled set line ${i + 1}: expected 5 fields`);
    const slots: Record<string, string> = {};
    for (const part of slotText.split(/\s+/).filter(Boolean)) {
      const [key = '', value = 'true'] = part.split('=');
      slots[key] = value;
    }
    items.push({ line: i + 1, group, tags, intent, slots, text });
  });
  return items;
}

/** The slots of an understanding in the label's vocabulary. */
export function slotsOf(u: Understanding): Record<string, string> {
  const s: Record<string, string> = {};
  if (u.serviceIds.length > 0) s.svc = u.serviceIds.join(',');
  if (u.staffId) s.staff = u.staffId;
  if (u.anyStaff) s.any = 'true';
  if (u.date) s.date = u.date;
  if (u.time) s.time = u.time;
  if (u.partOfDay) s.pod = u.partOfDay;
  if (u.choice !== undefined) s.choice = String(u.choice);
  if (u.soonest) s.soonest = 'true';
  if (u.shift) s.shift = u.shift;
  if (u.sameTime) s.same = 'true';
  if (u.weeksLater !== undefined) s.weeks = String(u.weeksLater);
  if (u.asides && u.asides.length > 0) s.aside = u.asides.map((a) => a.intent).join(',');
  if (u.unknownService) s.unknown = u.unknownService;
  return s;
}

/** The slot keys that differ between the label and the understanding ([] when all agree). */
export function slotErrors(expected: Record<string, string>, actual: Record<string, string>) {
  const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  return [...keys].filter((k) => expected[k] !== actual[k]);
}

export interface Score {
  group: string;
  n: number;
  intentOk: number;
  slotsOk: number;
}

export const pct = (ok: number, n: number) => (n === 0 ? 0 : Math.round((1000 * ok) / n) / 10);

export function scoreTable(scores: readonly Score[]): string {
  return scores
    .map(
      (s) =>
        `${s.group.padEnd(6)} n=${String(s.n).padStart(3)}  intent ${pct(s.intentOk, s.n)}%  slots ${pct(s.slotsOk, s.n)}%`,
    )
    .join('\n');
}
