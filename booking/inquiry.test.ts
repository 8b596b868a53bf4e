import { describe, expect, it } from 'vitest';
import type { CallKinds } from '../contract';
import { answerInquiry, type InquiryTenant } from './inquiry';
import { TEST_POLICY } from './testing/catalog-kit';
import type { Catalog, KnowledgeSnippet } from './types';

type Payload = CallKinds['inquiry.answer']['payload'];

const h = (open: number, close: number) => [{ openMin: open * 60, closeMin: close * 60 }];
const CATALOG: Catalog = {
  timezone: 'Africa/Nairobi',
  policy: TEST_POLICY,
  services: [
    {
      id: 'haircut',
      nameEn: 'Haircut',
      nameSw: 'Kunyoa nywele',
      category: 'hair',
      durationMin: 30,
      bufferMin: 10,
      priceKesMinor: 80_000,
      aliases: [],
      active: true,
    },
    {
      id: 'braids',
      nameEn: 'Box braids',
      nameSw: 'Kusuka',
      category: 'hair',
      durationMin: 210,
      bufferMin: 15,
      priceKesMinor: 350_050,
      aliases: [],
      active: true,
    },
    {
      id: 'old',
      nameEn: 'Retired service',
      nameSw: null,
      category: 'hair',
      durationMin: 30,
      bufferMin: 0,
      priceKesMinor: 100,
      aliases: [],
      active: false,
    },
  ],
  staff: [],
  hours: {
    mon: h(8, 19),
    tue: h(8, 19),
    wed: h(8, 19),
    thu: h(8, 19),
    fri: h(8, 20),
    sat: h(9, 18),
  },
  holidays: [{ date: '2026-12-25', name: 'Christmas' }],
  blocks: [],
};
const KNOWLEDGE: KnowledgeSnippet[] = [
  {
    question: 'Do you have parking?',
    answer: 'Yes, free parking in front of the salon.',
    language: 'en',
    tags: ['parking'],
  },
  {
    question: 'Kuna parking?',
    answer: 'Ndiyo, kuna parking ya bure mbele ya saluni.',
    language: 'sw',
    tags: ['parking'],
  },
  {
    question: 'Do you accept M-Pesa?',
    answer: 'Yes, we accept M-Pesa and cash.',
    language: 'en',
    tags: ['payment', 'mpesa'],
  },
  {
    question: 'Do you sell hair products?',
    answer: 'Yes, shampoo and oils at the front desk.',
    language: 'en',
    tags: [],
  },
];
const TENANT: InquiryTenant = {
  name: 'Salon Ratiba',
  location: { address: 'Ngong Road, Nairobi' },
};
const FRIDAY_10 = Date.parse('2026-03-06T10:00:00+03:00');

function ask(payload: Partial<Payload>, over: { now?: number; tenant?: InquiryTenant } = {}) {
  return answerInquiry(
    {
      catalog: CATALOG,
      knowledge: KNOWLEDGE,
      tenant: over.tenant ?? TENANT,
      now: over.now ?? FRIDAY_10,
    },
    { intent: 'inquiry', serviceIds: [], language: 'en', ...payload },
  );
}

describe('answerInquiry', () => {
  it.each([
    ['en', ['haircut'], 'Haircut: KES 800, about 30 min.'],
    ['sw', ['haircut'], 'Kunyoa nywele: KES 800, takriban dakika 30.'],
    ['en', ['braids'], 'Box braids: KES 3,500.50, about 3 h 30 min.'],
    ['sw', ['braids'], 'Kusuka: KES 3,500.50, takriban saa 3 na dakika 30.'],
  ] as const)('prices of a service in %s', (language, serviceIds, text) => {
    expect(ask({ intent: 'prices', language, serviceIds: [...serviceIds] })).toEqual({
      answered: true,
      text,
    });
  });

  it('a price list of the active services when none is named', () => {
    const { answered, text } = ask({ intent: 'prices', language: 'sw' });
    expect(answered).toBe(true);
    expect(text).toBe(
      'Bei zetu:\n• Kunyoa nywele — KES 800 (dakika 30)\n• Kusuka — KES 3,500.50 (saa 3 na dakika 30)',
    );
    expect(ask({ intent: 'prices' }).text).not.toContain('Retired');
  });

  it("hours: today's and the week's, grouped, in both languages", () => {
    expect(ask({ intent: 'hours' }).text).toBe(
      "Today (Friday) we're open 08:00–20:00.\n" +
        'Our hours: Mon–Thu 08:00–19:00; Fri 08:00–20:00; Sat 09:00–18:00; Sun closed.',
    );
    expect(ask({ intent: 'hours', language: 'sw' }).text).toBe(
      'Leo (Ijumaa) tuko wazi 08:00–20:00.\n' +
        'Saa zetu: Jumatatu–Alhamisi 08:00–19:00; Ijumaa 08:00–20:00; Jumamosi 09:00–18:00; Jumapili tumefunga.',
    );
  });

  // Regression: "What time do you open on Saturday?" was answered with today's hours first.
  it('hours: the day asked about comes first', () => {
    expect(ask({ intent: 'hours', date: '2026-11-21' }).text).toMatch(
      /^On Saturday 21 Nov we're open 09:00–18:00\.\nOur hours: /,
    );
    expect(ask({ intent: 'hours', date: '2026-11-22' }).text).toMatch(
      /^We're closed on Sunday 22 Nov\./,
    );
    expect(ask({ intent: 'hours', date: '2026-11-21', language: 'sw' }).text).toMatch(
      /^Jumamosi 21 Novemba tuko wazi 09:00–18:00\./,
    );
  });

  it('hours: closed on a holiday, and an upcoming holiday is mentioned', () => {
    const christmas = Date.parse('2026-12-25T09:00:00+03:00');
    expect(ask({ intent: 'hours' }, { now: christmas }).text).toMatch(
      /^We're closed today \(Christmas\)\./,
    );
    const before = Date.parse('2026-12-22T09:00:00+03:00');
    expect(ask({ intent: 'hours', language: 'sw' }, { now: before }).text).toContain(
      'Kumbuka: tumefunga Ijumaa 25 Desemba (Christmas).',
    );
  });

  it('location: the address and a maps link', () => {
    expect(ask({ intent: 'location' }).text).toBe(
      "We're at Ngong Road, Nairobi.\nMap: https://www.google.com/maps/search/?api=1&query=Salon%20Ratiba%2C%20Ngong%20Road%2C%20Nairobi",
    );
    const withUrl = {
      ...TENANT,
      location: { address: 'Ngong Rd', maps_url: 'https://maps.example/x' },
    };
    expect(ask({ intent: 'location', language: 'sw' }, { tenant: withUrl }).text).toBe(
      'Tuko Ngong Rd.\nRamani: https://maps.example/x',
    );
    expect(ask({ intent: 'location' }, { tenant: { name: 'X' } }).answered).toBe(false);
  });

  it.each([
    ['en', 'parking', 'Yes, free parking in front of the salon.'],
    ['sw', 'Kuna parking?', 'Ndiyo, kuna parking ya bure mbele ya saluni.'],
    ['en', 'can I pay with m-pesa', 'Yes, we accept M-Pesa and cash.'],
    // No Swahili snippet about M-Pesa: the tag finds the English one.
    ['sw', 'mnakubali mpesa?', 'Yes, we accept M-Pesa and cash.'],
    ['en', 'do you sell products for hair', 'Yes, shampoo and oils at the front desk.'],
  ] as const)('knowledge in %s: %s', (language, topic, answer) => {
    expect(ask({ language, topic })).toEqual({ answered: true, text: answer });
  });

  it('an inquiry that names a service or asks about prices gets the price', () => {
    expect(ask({ topic: 'how much is it', serviceIds: ['haircut'] }).text).toBe(
      'Haircut: KES 800, about 30 min.',
    );
    expect(ask({ topic: 'what time do you open' }).text).toMatch(/^Today \(Friday\)/);
  });

  it('offers to ask someone when nothing answers, in the asked language', () => {
    expect(ask({ topic: 'do you do tattoos' })).toEqual({
      answered: false,
      text: "I'm not sure about that one. Shall I ask someone at Salon Ratiba to get back to you?",
    });
    expect(ask({ topic: 'mnafanya tattoo?', language: 'sw' })).toEqual({
      answered: false,
      text: 'Samahani, sina uhakika kuhusu hilo. Nimuulize mtu wa Salon Ratiba akujibu?',
    });
    expect(ask({}).answered).toBe(false);
  });
});
