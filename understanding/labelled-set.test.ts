import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createEmbeddedParser } from './embedded-parser';
import { DEMO_CATALOG, NAIROBI, NOW } from './fixtures/demo-catalog';
import { parseLabelledSet, pct, scoreTable, slotErrors, slotsOf, type Score } from './labelled-set';

/**
 * The embedded parser measured on the labelled set (issue 18): 300+ customer utterances in
 * English, Swahili and Sheng, with typos, emoji and several things in one message. Prints the
 * intent and slot accuracy per language group; fails when intents fall under 95% overall or
 * slots under 90%, and lists the misses so a regression names the messages it broke.
 */

const SET = parseLabelledSet(
  readFileSync(new URL('./fixtures/labelled-utterances.txt', import.meta.url), 'utf8'),
);
const parser = createEmbeddedParser(DEMO_CATALOG);

function measure() {
  const groups = new Map<string, Score>();
  const misses: string[] = [];
  for (const item of SET) {
    const u = parser.parse(item.text, { now: NOW, timezone: NAIROBI });
    const score = groups.get(item.group) ?? { group: item.group, n: 0, intentOk: 0, slotsOk: 0 };
    score.n += 1;
    const intentOk = u.intent === item.intent;
    const wrongSlots = slotErrors(item.slots, slotsOf(u));
    if (intentOk) score.intentOk += 1;
    if (wrongSlots.length === 0) score.slotsOk += 1;
    groups.set(item.group, score);
    if (!intentOk || wrongSlots.length > 0) {
      const what = [
        intentOk ? '' : `intent ${u.intent} (want ${item.intent})`,
        wrongSlots.length ? `slots ${wrongSlots.join(',')}` : '',
      ].filter(Boolean);
      misses.push(
        `  line ${item.line} [${item.group}] ${what.join('; ')}: ${item.text.slice(0, 70)}`,
      );
    }
  }
  const all = [...groups.values()];
  const total: Score = {
    group: 'all',
    n: all.reduce((a, s) => a + s.n, 0),
    intentOk: all.reduce((a, s) => a + s.intentOk, 0),
    slotsOk: all.reduce((a, s) => a + s.slotsOk, 0),
  };
  return { rows: [...all, total], total, misses };
}

describe('the embedded parser on the labelled utterance set', () => {
  it('has at least 300 utterances in English, Swahili and Sheng, each with a known intent', () => {
    expect(SET.length).toBeGreaterThanOrEqual(300);
    expect(new Set(SET.map((s) => s.group))).toEqual(new Set(['en', 'sw', 'mixed']));
    expect(SET.filter((s) => s.tags === 'multi').length).toBeGreaterThanOrEqual(20);
  });

  it('understands >= 95% of intents and >= 90% of slots (printed per language)', () => {
    const { rows, total, misses } = measure();
    console.log(`embedded parser, labelled set:\n${scoreTable(rows)}`);
    if (misses.length > 0) console.log(`misses:\n${misses.join('\n')}`);
    expect(pct(total.intentOk, total.n)).toBeGreaterThanOrEqual(95);
    expect(pct(total.slotsOk, total.n)).toBeGreaterThanOrEqual(90);
  });
});
