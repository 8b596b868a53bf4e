import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import type {
  AppointmentSummary,
  Effect,
  InboundMessageEvent,
  OutboundMessage,
  Slot,
  ThreadInput,
  Understanding,
} from '../../contract';
import { customerThreadMachine } from './customer-thread-machine';
import type { CustomerThreadEvent } from './types';

/**
 * Test helpers: the demo tenant's settings, hand-built understandings, and a `Convo` that drives
 * the machine with the pure `initialTransition` / `transition` functions and collects the emitted
 * effects of each turn. Used by the tests beside it only.
 */

export type Snap = SnapshotFrom<typeof customerThreadMachine>;

/** tenants/demo.yaml, as `tenantSettings()` stores it. */
export const DEMO_SETTINGS = {
  payments: { mpesa: { enabled: false, shortcode: null, deposit_percent: 0 } },
  policy: {
    lead_time_min: 60,
    horizon_days: 30,
    cancel_cutoff_min: 120,
    reschedule_cutoff_min: 120,
  },
  services: [
    {
      id: 'haircut',
      name: { en: 'Haircut', sw: 'Kunyoa nywele' },
      category: 'hair',
      duration_min: 30,
      buffer_min: 10,
      price_kes: 800,
      active: true,
    },
    {
      id: 'braids',
      name: { en: 'Box braids', sw: 'Kusuka' },
      category: 'hair',
      duration_min: 180,
      buffer_min: 15,
      price_kes: 3500,
      active: true,
    },
    {
      id: 'manicure',
      name: { en: 'Manicure', sw: 'Kutengeneza kucha za mikono' },
      category: 'nails',
      duration_min: 45,
      buffer_min: 5,
      price_kes: 1200,
      active: true,
    },
    {
      id: 'pedicure',
      name: { en: 'Pedicure', sw: 'Kutengeneza kucha za miguu' },
      category: 'nails',
      duration_min: 60,
      buffer_min: 5,
      price_kes: 1500,
      active: true,
    },
    {
      id: 'massage',
      name: { en: 'Full body massage', sw: 'Masaji ya mwili mzima' },
      category: 'spa',
      duration_min: 60,
      buffer_min: 15,
      price_kes: 3000,
      active: true,
    },
  ],
  staff: [
    { id: 'wanjiku', name: 'Wanjiku', services: ['haircut', 'braids'] },
    { id: 'achieng', name: 'Achieng', services: ['braids', 'manicure', 'pedicure'] },
    { id: 'baraka', name: 'Baraka', services: ['haircut', 'massage'] },
  ],
  location: { address: 'Ngong Road, Nairobi' },
  personality: {
    formality: 'neutral',
    warmth: 'friendly',
    emoji: 'none',
    verbosity: 'normal',
    language_preference: 'mirror',
    upsell: 'gentle',
  },
};

export function settingsWith(patch: {
  personality?: Record<string, unknown>;
  mpesa?: Record<string, unknown>;
  pesapal?: Record<string, unknown>;
}): Record<string, unknown> {
  return {
    ...DEMO_SETTINGS,
    personality: { ...DEMO_SETTINGS.personality, ...patch.personality },
    payments: {
      mpesa: { ...DEMO_SETTINGS.payments.mpesa, ...patch.mpesa },
      ...(patch.pesapal ? { pesapal: patch.pesapal } : {}),
    },
  };
}

export const input = (settings: Record<string, unknown> = DEMO_SETTINGS): ThreadInput => ({
  tenant: 'demo',
  threadKey: 'demo:+254712345678',
  kind: 'customer',
  customerId: 7,
  timezone: 'Africa/Nairobi',
  settings,
});

/** Wednesday 18 November 2026, 10:00 in Nairobi. */
export const T0 = Date.UTC(2026, 10, 18, 7, 0);
export const FRIDAY = '2026-11-20';

export const u = (p: Partial<Understanding> = {}): Understanding => ({
  language: 'en',
  intent: 'unknown',
  confidence: 0.9,
  serviceIds: [],
  source: 'parser',
  ...p,
});

export function slot(
  time: string,
  staffId: string,
  serviceId = 'haircut',
  date = FRIDAY,
  minutes = 30,
): Slot {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const end = h * 60 + m + minutes;
  const hhmm = `${String(Math.floor(end / 60)).padStart(2, '0')}:${String(end % 60).padStart(2, '0')}`;
  const name = staffId.charAt(0).toUpperCase() + staffId.slice(1);
  return {
    start: `${date}T${time}:00+03:00`,
    end: `${date}T${hhmm}:00+03:00`,
    staffId,
    staffName: name,
    serviceId,
  };
}

export function appointment(
  id: number,
  s: Slot,
  priceKes: number,
  serviceName = 'Haircut',
): AppointmentSummary {
  return {
    id,
    serviceId: s.serviceId,
    serviceName,
    staffId: s.staffId,
    staffName: s.staffName,
    start: s.start,
    end: s.end,
    status: 'booked',
    priceKesMinor: priceKes * 100,
  };
}

type Actions = { type: string; params?: unknown }[];
/** An event without its time (the convo adds it); distributes over the union. */
export type Unstamped<E = CustomerThreadEvent> = E extends unknown
  ? Omit<E, 'at'> & { at?: number }
  : never;
export const emitted = (actions: Actions): Effect[] =>
  actions.filter((a) => a.type === 'xstate.emit').map((a) => (a.params as { event: Effect }).event);

/** "active.conversation.booking.offering" */
export function stateOf(value: unknown): string {
  if (typeof value === 'string') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  return entries.map(([k, v]) => `${k}.${stateOf(v)}`).join(',');
}

/** Drives the machine turn by turn with the pure transition functions. */
export class Convo {
  snapshot: Snap;
  at: number;
  /** Effects of the last turn. */
  effects: Effect[] = [];
  readonly all: Effect[] = [];

  constructor(threadInput: ThreadInput = input(), at = T0) {
    this.at = at;
    const [s, actions] = initialTransition(customerThreadMachine, threadInput);
    this.snapshot = s;
    this.all.push(...emitted(actions));
  }

  send(event: Unstamped, advanceMs = 5_000): Effect[] {
    this.at = event.at ?? this.at + advanceMs;
    const [s, actions] = transition(customerThreadMachine, this.snapshot, {
      ...event,
      at: this.at,
    });
    this.snapshot = s;
    this.effects = emitted(actions);
    this.all.push(...this.effects);
    return this.effects;
  }

  say(
    text: string,
    understanding?: Partial<Understanding>,
    extra: Partial<InboundMessageEvent> = {},
  ) {
    return this.send({
      type: 'message',
      channel: 'whatsapp',
      text,
      ...(understanding ? { understanding: u(understanding) } : {}),
      ...extra,
    });
  }

  tap(id: string, title = id) {
    return this.send({ type: 'message', channel: 'whatsapp', text: title, replyId: id });
  }

  result(kind: string, result: unknown) {
    return this.send({ type: 'call.result', kind, result } as Unstamped);
  }

  fail(kind: string, error = 'provider_error') {
    return this.send({ type: 'effect.failed', kind, error });
  }

  get state(): string {
    return stateOf(this.snapshot.value);
  }

  get context() {
    return this.snapshot.context;
  }

  replies(effects = this.effects): OutboundMessage[] {
    return effects.flatMap((e) => (e.type === 'reply' ? [e.message] : []));
  }

  /** All reply texts of the last turn, joined. */
  get text(): string {
    return this.replies()
      .map((m) => m.text)
      .join('\n');
  }

  calls(effects = this.effects) {
    return effects.flatMap((e) =>
      e.type === 'call' ? [{ kind: e.kind, payload: e.payload }] : [],
    );
  }

  /** Ids of the buttons / rows of the last reply. */
  get ids(): string[] {
    const m = this.replies().at(-1);
    if (!m || m.kind === 'text') return [];
    return m.kind === 'buttons'
      ? m.buttons.map((b) => b.id)
      : m.sections.flatMap((s) => s.rows.map((r) => r.id));
  }
}

/** Greets, asks for a haircut with Wanjiku on Friday at 3pm, and gets three slots. */
export function toOffers(c = new Convo()): Convo {
  c.say('Hi', { intent: 'greeting' });
  c.say('I want a haircut', { intent: 'book', serviceIds: ['haircut'] });
  c.tap('staff:wanjiku', 'Wanjiku');
  // A part of the day, not an exact time: an exact free time goes straight to the confirmation.
  c.say('Friday afternoon', { intent: 'book', date: FRIDAY, partOfDay: 'afternoon' });
  c.result('availability.search', {
    slots: [slot('15:00', 'wanjiku'), slot('15:30', 'wanjiku'), slot('16:00', 'wanjiku')],
  });
  return c;
}
