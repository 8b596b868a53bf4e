import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { INTENTS } from '../contract';
import { createEmbeddedParser } from './embedded-parser';
import { DEMO_CATALOG, NAIROBI, NOW } from './fixtures/demo-catalog';

const serviceIds = DEMO_CATALOG.services.map((s) => s.id);
const staffIds = DEMO_CATALOG.staff.map((s) => s.id);

/** A valid `Understanding`, checked field by field (calendar dates and clock times included). */
const understandingSchema = z
  .object({
    language: z.enum(['en', 'sw']),
    intent: z.enum(INTENTS),
    confidence: z.number().min(0).max(1),
    serviceIds: z.array(z.string().refine((id) => serviceIds.includes(id))),
    staffId: z
      .string()
      .refine((id) => staffIds.includes(id))
      .optional(),
    anyStaff: z.literal(true).optional(),
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)))
      .optional(),
    time: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
      .optional(),
    partOfDay: z.enum(['morning', 'afternoon', 'evening', 'night']).optional(),
    choice: z.number().int().min(1).max(10).optional(),
    topic: z.string().min(1).max(100).optional(),
    source: z.literal('parser'),
  })
  .strict();

/** Words the parser reacts to, so the generated messages reach the rules and not only noise. */
const VOCABULARY = [
  'saa',
  'tisa',
  'kumi',
  'na',
  'nusu',
  'kasorobo',
  'asubuhi',
  'usiku',
  'kesho',
  'kutwa',
  'ijumaa',
  'ijayo',
  'tarehe',
  '15',
  '3pm',
  '15:00',
  '15/12',
  'at',
  '3',
  'next',
  'friday',
  'tomorrow',
  'haircut',
  'masaj',
  'kucha',
  'wanjiku',
  'yeyote',
  'ya',
  'pili',
  'stop',
  'cancel',
  'book',
  'nataka',
  'bei',
  'ngapi',
  'mko',
  'wapi',
  '?',
  '👍',
  '🙏',
  'dec',
  'on',
  'the',
  '31st',
  'half',
  'past',
  'noon',
  'mwezi',
  'wa',
  'kwanza',
  'no.',
  'option',
  '@',
];

const parser = createEmbeddedParser(DEMO_CATALOG, {
  onError: (error) => {
    throw error; // surface internal failures instead of the safe fallback
  },
});

// Thousands of parses per property: allow for a busy CI machine (this is no speed assertion).
describe('embedded parser on arbitrary input', { timeout: 60_000 }, () => {
  const ctxArb = fc.record({
    now: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }),
    timezone: fc.constantFrom(
      NAIROBI,
      'Africa/Dar_es_Salaam',
      'UTC',
      'Pacific/Kiritimati',
      'Bad/Zone',
    ),
    previousLanguage: fc.constantFrom(undefined, 'en' as const, 'sw' as const),
  });

  it('never throws and always returns a valid Understanding (any Unicode)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), ctxArb, (text, ctx) => {
        expect(understandingSchema.parse(parser.parse(text, ctx))).toBeTruthy();
      }),
      { numRuns: 1_000 },
    );
  });

  it('holds for raw code units, lone surrogates and control characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        understandingSchema.parse(parser.parse(text, { now: NOW, timezone: NAIROBI }));
      }),
      { numRuns: 1_000 },
    );
  });

  it('holds for messages built from the words the rules react to', () => {
    const messageArb = fc
      .array(fc.constantFrom(...VOCABULARY), { maxLength: 12 })
      .map((words) => words.join(' '));
    fc.assert(
      fc.property(messageArb, ctxArb, (text, ctx) => {
        understandingSchema.parse(parser.parse(text, ctx));
      }),
      { numRuns: 2_000 },
    );
  });

  it.each([
    ['empty', ''],
    ['emoji only', '😀🎉💇🏾‍♀️'],
    ['10,000 characters', 'haircut kesho '.repeat(720)],
    ['mixed scripts', 'haircut 明天 завтра غدا kesho'],
    ['control characters', '\u0000\u0007kesho\u001b[31m saa tisa\u007f'],
    ['zero-width and bidi', '\u200bh\u200ca\u200di\u2060r\u202ecut\ufeff'],
    ['combining marks', 'ke\u0301\u0301\u0301sho'],
    ['lone surrogate', '\ud800kesho\udc00'],
  ])('handles %s', (_label, text) => {
    understandingSchema.parse(parser.parse(text, { now: NOW, timezone: NAIROBI }));
  });
});
