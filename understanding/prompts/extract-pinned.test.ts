import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PersonalityDials } from '../../contract';
import * as v1 from './extract.v1';
import * as v2 from './extract.v2';
import type { TenantProfile } from './prefix.v1';

/**
 * Published prompts never change (the ledger names the version that produced each row): this
 * pins everything a version sends or accepts — its text, JSON schema, user message, output
 * validation and mapping — by hash, so a refactor of the shared parts proves it changed none.
 * A failure here means a published prompt's wire behaviour moved: make a new version instead.
 */

const NOW = Date.UTC(2026, 10, 18, 7, 0);
const TENANT: TenantProfile = {
  slug: 'demo',
  name: 'Demo',
  timezone: 'Africa/Nairobi',
  services: [
    { id: 'haircut', names: ['Haircut'] },
    { id: 'braids', names: ['Braids'] },
  ],
  staff: [{ id: 'amina', name: 'Amina' }],
  dials: {} as PersonalityDials,
};
const FULL = {
  language: 'sw',
  intent: 'book',
  confidence: 0.9,
  service_ids: ['braids', 'ghost', 'haircut', 'braids'],
  staff_id: 'amina',
  any_staff: true,
  date: '2026-11-20',
  time: '15:00',
  part_of_day: 'afternoon',
  choice: 2,
  topic: '  parking ',
  asides: [
    { intent: 'location', topic: ' where ' },
    { intent: 'hours', topic: null },
  ],
  soonest: true,
  shift: 'later',
  same_time: true,
  weeks_later: 1,
  unknown_service: ' facial ',
};
const BAD = [
  { ...FULL, date: '2026-02-30' },
  { ...FULL, time: '24:00' },
  { ...FULL, intent: 'dance' },
  { ...FULL, confidence: 2 },
  { ...FULL, choice: 0 },
  { ...FULL, staff_id: 'x'.repeat(81) },
  { language: 'en', intent: 'book' },
];

type Version = typeof v1 | typeof v2;

function wire(p: Version): string {
  const parsed = p.outputSchema.parse(FULL);
  return JSON.stringify({
    version: p.PROMPT_VERSION,
    tool: p.TOOL_NAME,
    maxOut: p.MAX_OUTPUT_TOKENS,
    maxChars: p.MAX_MESSAGE_CHARS,
    instructions: p.INSTRUCTIONS,
    schema: p.OUTPUT_SCHEMA,
    user: p.userMessage({ text: 'x'.repeat(5000), now: NOW, timezone: 'Africa/Nairobi' }),
    userSw: p.userMessage({
      text: 'nataka kusuka',
      now: NOW,
      timezone: 'Africa/Nairobi',
      previousLanguage: 'sw',
      hint: { language: 'sw', intent: 'book', confidence: 0.8, serviceIds: [], source: 'parser' },
    }),
    parsed,
    understanding: p.toUnderstanding(parsed, TENANT),
    minimal: p.toUnderstanding(
      p.outputSchema.parse({ language: 'en', intent: 'hours', confidence: 0.5 }),
      TENANT,
    ),
    bad: BAD.map((b) => p.outputSchema.safeParse(b).success),
  });
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('published extract prompts', () => {
  it('extract.v1 sends and accepts exactly what it did when it was published', () => {
    expect(sha(v1.INSTRUCTIONS)).toBe(
      '3fbf1c83c7a45a595902549f464dd961120fc757d0e4819dfdbf307accff6a0d',
    );
    expect(sha(wire(v1))).toBe('b55280eae5f47f2f08b1a6eb299a454328583c9e389bad089a7dd97e9b25e7dc');
  });

  it('extract.v2 sends and accepts exactly what it did when it was published', () => {
    expect(sha(v2.INSTRUCTIONS)).toBe(
      'ab037708a2724a5524d3acd90aac3390da9c85bb43c82687f09f3cd4d2779459',
    );
    expect(sha(wire(v2))).toBe('09aeb13068778fedd8c9aca448856bf3d3b8c3dbf3517128fbe405076b370577');
  });

  it('rejects every bad output in both versions', () => {
    for (const p of [v1, v2]) {
      expect(BAD.map((b) => p.outputSchema.safeParse(b).success)).toEqual(BAD.map(() => false));
    }
  });
});
