import { describe, expect, it } from 'vitest';
import { cases } from './fixtures/cases';
import type { Intent } from '../contract';
import { createEmbeddedParser } from './embedded-parser';
import { DEMO_CATALOG, NAIROBI, NOW } from './fixtures/demo-catalog';

const parser = createEmbeddedParser(DEMO_CATALOG);
const intentOf = (text: string) => parser.parse(text, { now: NOW, timezone: NAIROBI }).intent;

const TABLE: Readonly<Record<Intent, readonly string[]>> = {
  book: [
    'I want to book a haircut',
    'can I book an appointment?',
    'I want a pedicure',
    "I'd like braids on Saturday",
    'nataka kusuka',
    'ningependa kunyoa nywele kesho',
    'weka miadi ya masaji',
    'nipangie manicure jumamosi',
    'niko na hamu ya kubook haircut kesho saa tisa',
    'buk pedi kesho',
    'Sasa msee, niko na haja ya rasta Jumamosi',
    'Naomba kubook massage leo jioni',
    'pedicure friday 3pm',
    'haircut kesho saa nne',
    'yes, book me a haircut for friday',
  ],
  cancel: [
    'cancel',
    'Please cancel my appointment',
    'I cant make it tomorrow',
    'futa miadi yangu',
    'nataka kughairi booking',
    'sitaweza kuja kesho',
    'nataka kucancel',
    'i need to cancle',
  ],
  reschedule: [
    'reschedule',
    'can I move my appointment to Friday?',
    'I need to change the time',
    'postpone to next week',
    'badilisha saa tafadhali',
    'nataka kuhamisha miadi yangu',
    'sogeza hadi kesho kutwa',
    'naweza kureschedule?',
  ],
  my_bookings: [
    'my bookings',
    'show my appointments',
    'when is my appointment?',
    'do I have a booking?',
    'miadi yangu',
    'nina miadi lini?',
  ],
  prices: [
    'how much is a haircut?',
    'price list please',
    'what does braiding cost',
    'bei ya kusuka',
    'manicure ni ngapi?',
    'pesa ngapi kwa pedicure',
    'masaji ni kiasi gani',
  ],
  hours: [
    'what time do you close?',
    'are you open on Sunday?',
    'opening hours',
    'mnafungua saa ngapi?',
    'mnafunga saa ngapi',
    'mko wazi leo?',
  ],
  location: [
    'where are you?',
    "what's your address",
    'send me your location',
    'mko wapi?',
    'saluni iko wapi',
    'nifike aje?',
  ],
  greeting: [
    'hi',
    'Hello!',
    'good morning',
    'habari',
    'habari za asubuhi',
    'mambo',
    'sasa',
    'niaje',
    'jambo',
    'hujambo',
  ],
  thanks: ['thanks', 'thank you so much', 'asante', 'asante sana', 'shukran', 'ok thanks', '🙏'],
  yes: ['yes', 'ok', 'sure', 'ndiyo', 'ndio', 'sawa', 'poa', 'yes please book it', '👍'],
  no: ['no', 'hapana', 'no thanks', 'hapana asante', 'nope, friday instead'],
  human: [
    'agent',
    'I want to talk to a real person',
    'can I speak to someone',
    'human please',
    'nataka kuongea na mtu',
    'binadamu',
    'mhudumu tafadhali',
    'mtu',
  ],
  stop: [
    'STOP',
    'stop please',
    'ACHA',
    'OUT',
    'unsubscribe',
    'sitisha',
    'stop sending me messages',
  ],
  start: ['START', 'ANZA', 'start'],
  inquiry: [
    'do you have parking?',
    'kuna parking?',
    'Do you accept M-Pesa?',
    'is there wifi',
    'nataka kujua kama mnakubali kadi',
  ],
  unknown: ['', '   ', '😀', 'kesho saa tisa', '2', 'mtu yeyote', 'blah blah', 'acha nifikirie'],
};

describe('intents', () => {
  for (const [intent, messages] of Object.entries(TABLE)) {
    it.each(messages)(`"%s" is ${intent}`, (text) => {
      expect(intentOf(text)).toBe(intent);
    });
  }

  it.each(cases('word-sense'))('word-sense: "%s" is %s', (text, intent) => {
    expect(intentOf(text)).toBe(intent);
  });
});

describe('confidence', () => {
  const confidence = (text: string) =>
    parser.parse(text, { now: NOW, timezone: NAIROBI }).confidence;

  it('is high for keywords, lower for a verbless booking, lowest for nothing', () => {
    expect(confidence('STOP')).toBeGreaterThan(0.9);
    expect(confidence('cancel my appointment')).toBeGreaterThanOrEqual(0.85);
    expect(confidence('pedicure friday 3pm')).toBeLessThan(
      confidence('book a pedicure friday 3pm'),
    );
    expect(confidence('pedicure')).toBeLessThan(confidence('pedicure friday 3pm'));
    expect(confidence('blah blah')).toBeLessThan(0.5);
    expect(confidence('')).toBe(0);
  });

  it('drops when two different requests are made at once', () => {
    expect(confidence('how much is it and where are you')).toBeLessThan(
      confidence('how much is it'),
    );
  });

  it('lets a bare slot answer through without a clarification', () => {
    expect(confidence('kesho saa tisa')).toBeGreaterThanOrEqual(0.5);
    expect(confidence('2')).toBeGreaterThanOrEqual(0.5);
  });
});
