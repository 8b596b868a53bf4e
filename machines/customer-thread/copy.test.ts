import { describe, expect, it } from 'vitest';
import { say, type CopyKey } from './copy';
import { EN_COPY } from './copy-en';
import { SW_COPY } from './copy-sw';
import { clock, dayLabel, money, when } from './format';
import { DEFAULT_PERSONALITY } from './settings';
import { appointment, Convo, FRIDAY, input, settingsWith, slot } from './test-kit';
import type { Personality } from './types';

const dials = (p: Partial<Personality> = {}): Personality => ({
  ...DEFAULT_PERSONALITY,
  emoji: 'none',
  ...p,
});

/** The confirmation summary a customer gets with these dials. */
function bookedText(personality: Record<string, unknown>): string {
  const c = new Convo(input(settingsWith({ personality: { upsell: 'never', ...personality } })));
  const s = slot('15:00', 'wanjiku');
  c.say('haircut with Wanjiku friday 3pm', {
    intent: 'book',
    serviceIds: ['haircut'],
    staffId: 'wanjiku',
    date: FRIDAY,
    time: '15:00',
  });
  c.result('availability.search', { slots: [s] });
  c.say('1', { intent: 'unknown', choice: 1 });
  c.say('yes', { intent: 'yes' });
  c.result('booking.create', { ok: true, appointment: appointment(1, s, 800) });
  return c.text;
}

describe('personality dials change the wording', () => {
  it('formality', () => {
    expect(say('askService', 'en', dials({ formality: 'casual' }))).toMatch(
      /^What are you coming in for\?/,
    );
    expect(say('askService', 'en', dials())).toMatch(/^Which service would you like\?/);
    expect(say('askService', 'en', dials({ formality: 'formal' }))).toMatch(
      /^Which service may we book for you\?/,
    );
    expect(say('askService', 'sw', dials({ formality: 'formal' }))).toMatch(
      /^Tukuandalie huduma gani\?/,
    );
  });

  it('warmth', () => {
    expect(bookedText({ warmth: 'warm' })).toMatch(/^Wonderful! You're booked!/);
    expect(bookedText({ warmth: 'reserved' })).toMatch(/^You're booked!/);
  });

  it('emoji none / some / lots', () => {
    expect(bookedText({ emoji: 'none' })).not.toMatch(/✅/);
    expect(bookedText({ emoji: 'some' })).toMatch(/Ref #1\. ✅$/);
    expect(bookedText({ emoji: 'lots' })).toMatch(/✅✨$/);
  });

  it('verbosity brief / normal / detailed', () => {
    expect(bookedText({ verbosity: 'brief' })).toBe(
      "You're booked! Haircut with Wanjiku, Fri 20 Nov at 3:00 pm. Price: KES 800.",
    );
    expect(bookedText({ verbosity: 'normal' })).toMatch(/Price: KES 800\. Ref #1\.$/);
    expect(bookedText({ verbosity: 'detailed' })).toMatch(
      /Ref #1\. We'll send you a reminder before your appointment\.$/,
    );
  });

  it('the tenant greeting and sign-off', () => {
    const c = new Convo(input(settingsWith({ personality: { greeting: 'Karibu Salon Ratiba!' } })));
    c.say('hi', { intent: 'greeting' });
    expect(c.text).toMatch(/^Karibu Salon Ratiba! What would you like to do\?/);
    expect(bookedText({ sign_off: 'Asante!' })).toMatch(/Ref #1\.\nAsante!$/);
    expect(bookedText({})).not.toMatch(/Asante/);
  });

  it('upsell eager is pushier than gentle', () => {
    const gentle = say('addOnOffer', 'en', dials(), {
      service: 'Pedicure',
      staff: 'Achieng',
      time: '3:30 pm',
      price: 'KES 1,500',
    });
    const eager = say('addOnOffer', 'en', dials({ upsell: 'eager' }), {
      service: 'Pedicure',
      staff: 'Achieng',
      time: '3:30 pm',
      price: 'KES 1,500',
    });
    expect(gentle).toBe(
      'Would you like to add Pedicure with Achieng right after, at 3:30 pm (KES 1,500)?',
    );
    expect(eager).toMatch(
      /^Treat yourself! Achieng is free right after for Pedicure at 3:30 pm — just KES 1,500\./,
    );
  });

  it('every template exists in both languages and renders without placeholders left', () => {
    const keys = Object.keys(EN_COPY) as CopyKey[];
    expect(Object.keys(SW_COPY).sort()).toEqual([...keys].sort());
    const p = {
      service: 'S',
      staff: 'T',
      when: 'W',
      from: 'F',
      time: 'H',
      day: 'D',
      price: 'P',
      ref: '1',
      hours: '2',
      summary: 'X',
      lines: ['a'],
      next: 'N',
      who: 'V',
      holiday: 'Y',
      reason: 'taken',
    };
    for (const lang of ['en', 'sw'] as const) {
      for (const key of keys) {
        for (const d of [
          dials({ verbosity: 'detailed', emoji: 'lots', warmth: 'warm' }),
          dials({ formality: 'casual' }),
          dials({ formality: 'formal' }),
        ]) {
          const text = say(key, lang, d, p);
          expect(text.trim(), `${lang} ${key}`).not.toBe('');
          expect(text, `${lang} ${key}`).not.toMatch(/undefined|\$\{|null/);
        }
      }
    }
  });
});

describe('formatting', () => {
  it('Swahili clock time', () => {
    expect(clock('09:00', 'sw')).toBe('saa tatu asubuhi');
    expect(clock('15:00', 'sw')).toBe('saa tisa mchana');
    expect(clock('07:30', 'sw')).toBe('saa moja na nusu asubuhi');
    expect(clock('18:15', 'sw')).toBe('saa kumi na mbili na robo jioni');
    expect(clock('12:45', 'sw')).toBe('saa saba kasoro robo mchana');
    expect(clock('20:00', 'sw')).toBe('saa mbili usiku');
    expect(clock('00:00', 'en')).toBe('12:00 am');
    expect(clock('12:05', 'en')).toBe('12:05 pm');
  });

  it('days, instants and money', () => {
    expect(dayLabel(FRIDAY, 'en')).toBe('Fri 20 Nov');
    expect(dayLabel(FRIDAY, 'sw')).toBe('Ijumaa 20 Novemba');
    expect(when('2026-11-21T10:00:00+03:00', 'sw')).toBe('Jumamosi 21 Novemba saa nne asubuhi');
    expect(money(150_000, 'en')).toBe('KES 1,500');
    // One currency label in both languages (issue 18: KES and KSh were mixed).
    expect(money(123_456_78, 'sw')).toBe('KES 123,456.78');
    expect(dayLabel('2026-02-30', 'en')).toBe('2026-02-30');
  });
});
