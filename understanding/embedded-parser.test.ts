import { describe, expect, it, vi } from 'vitest';
import type { Understanding } from '../contract';
import { createEmbeddedParser } from './index';
import { DEMO_CATALOG, NAIROBI, NOW } from './fixtures/demo-catalog';

const parser = createEmbeddedParser(DEMO_CATALOG);
const parse = (text: string) => parser.parse(text, { now: NOW, timezone: NAIROBI });

type Expected = Omit<Understanding, 'source' | 'confidence'>;

// NOW is Wednesday 2026-11-18, 10:00 in Nairobi. Messages as customers write them.
const CONVERSATIONS: readonly [string, Expected][] = [
  [
    'niko na hamu ya kubook haircut kesho saa tisa',
    { language: 'sw', intent: 'book', serviceIds: ['haircut'], date: '2026-11-19', time: '15:00' },
  ],
  [
    'pedicure friday 3pm',
    { language: 'en', intent: 'book', serviceIds: ['pedicure'], date: '2026-11-20', time: '15:00' },
  ],
  [
    'Hi! Can I get box braids with Wanjiku next Friday at 9?',
    {
      language: 'en',
      intent: 'book',
      serviceIds: ['braids'],
      staffId: 'wanjiku',
      date: '2026-11-27',
      time: '09:00',
    },
  ],
  [
    'Habari, nataka kusuka Jumamosi asubuhi, mtu yeyote',
    {
      language: 'sw',
      intent: 'book',
      serviceIds: ['braids'],
      anyStaff: true,
      date: '2026-11-21',
      partOfDay: 'morning',
    },
  ],
  [
    'ningependa masaj na Baraka kesho kutwa saa nane mchana',
    {
      language: 'sw',
      intent: 'book',
      serviceIds: ['massage'],
      staffId: 'baraka',
      date: '2026-11-20',
      time: '14:00',
    },
  ],
  [
    'manicur na pedicur tarehe 15 saa 4 na nusu',
    {
      language: 'sw',
      intent: 'book',
      serviceIds: ['manicure', 'pedicure'],
      date: '2026-12-15',
      time: '10:30',
    },
  ],
  [
    'sitaweza kuja kesho, naomba mfute miadi yangu',
    { language: 'sw', intent: 'cancel', serviceIds: [], date: '2026-11-19' },
  ],
  [
    // five English and five Swahili words: an even mix goes to Swahili
    'Can I move my haircut to Ijumaa ijayo saa tatu asubuhi?',
    {
      language: 'sw',
      intent: 'reschedule',
      serviceIds: ['haircut'],
      date: '2026-11-27',
      time: '09:00',
    },
  ],
  [
    'badilisha miadi yangu iwe 15/12 saa mbili usiku',
    { language: 'sw', intent: 'reschedule', serviceIds: [], date: '2026-12-15', time: '20:00' },
  ],
  ['bei ya kusuka ni pesa ngapi?', { language: 'sw', intent: 'prices', serviceIds: ['braids'] }],
  ['How much is a pedicur?', { language: 'en', intent: 'prices', serviceIds: ['pedicure'] }],
  [
    'mnafunga saa ngapi Jumamosi?',
    { language: 'sw', intent: 'hours', serviceIds: [], date: '2026-11-21' },
  ],
  ['mko wapi?', { language: 'sw', intent: 'location', serviceIds: [] }],
  ['do you have parking?', { language: 'en', intent: 'inquiry', serviceIds: [], topic: 'parking' }],
  ['sawa, ya pili', { language: 'sw', intent: 'yes', serviceIds: [], choice: 2 }],
  ['the second one', { language: 'en', intent: 'unknown', serviceIds: [], choice: 2 }],
  [
    'kesho jioni',
    { language: 'sw', intent: 'unknown', serviceIds: [], date: '2026-11-19', partOfDay: 'evening' },
  ],
  [
    'hapana, Alhamisi saa kumi',
    { language: 'sw', intent: 'no', serviceIds: [], date: '2026-11-19', time: '16:00' },
  ],
  ['Asante sana! 🙏', { language: 'sw', intent: 'thanks', serviceIds: [] }],
  ['nataka kuongea na mtu', { language: 'sw', intent: 'human', serviceIds: [] }],
  ['STOP', { language: 'en', intent: 'stop', serviceIds: [] }],
];

describe('createEmbeddedParser', () => {
  it.each(CONVERSATIONS)('"%s"', (text, expected) => {
    const u = parse(text);
    expect(u).toEqual({ ...expected, source: 'parser', confidence: u.confidence });
    expect(u.confidence).toBeGreaterThanOrEqual(0.5);
  });

  it('keeps the previous language for neutral messages', () => {
    const u = parser.parse('2', { now: NOW, timezone: NAIROBI, previousLanguage: 'sw' });
    expect(u).toMatchObject({ language: 'sw', choice: 2 });
  });

  it('is deterministic', () => {
    const text = 'nataka haircut kesho saa tisa na Wanjiku';
    expect(parse(text)).toEqual(parse(text));
  });

  it('only reads the start of a very long message', () => {
    const u = parse(`haircut ${'blah '.repeat(2_000)} cancel`);
    expect(u).toMatchObject({ intent: 'book', serviceIds: ['haircut'] });
  });

  it('never throws: an internal failure becomes unknown with confidence 0 and is reported', () => {
    const onError = vi.fn();
    const broken = createEmbeddedParser(DEMO_CATALOG, { onError });
    const ctx = {
      get now(): number {
        throw new Error('bad clock');
      },
      timezone: NAIROBI,
      previousLanguage: 'sw' as const,
    };
    expect(broken.parse('kesho', ctx)).toEqual({
      language: 'sw',
      intent: 'unknown',
      confidence: 0,
      serviceIds: [],
      source: 'parser',
    });
    expect(onError).toHaveBeenCalledOnce();
  });

  it('treats a non-string message as empty', () => {
    const u = parser.parse(undefined as unknown as string, { now: NOW, timezone: NAIROBI });
    expect(u).toMatchObject({ intent: 'unknown', confidence: 0 });
  });
});
