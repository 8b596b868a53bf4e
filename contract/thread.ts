/**
 * The contract between thread machines and the runtime. Machines are pure: they receive events
 * that carry the time (`at`, epoch milliseconds) and emit effect intents with XState's `emit()`;
 * the runtime persists those intents in the turn's transaction and carries them out.
 */
export type Language = 'en' | 'sw';
export type ChannelName = 'whatsapp' | 'instagram' | 'messenger' | 'voice' | 'sms' | 'simulator';

/** Channel-neutral reply. Ids are stable so a tap on an old button can still be understood. */
export type OutboundMessage =
  | { kind: 'text'; text: string }
  | { kind: 'buttons'; text: string; buttons: { id: string; title: string }[] }
  | {
      kind: 'list';
      text: string;
      button: string;
      sections: { title: string; rows: { id: string; title: string; description?: string }[] }[];
    };

/** Every event a thread receives carries these. */
export interface EventBase {
  type: string;
  /** When the event happened (ingress time, or a timer's due time), epoch ms. */
  at: number;
}

/** A message from the customer (or the owner, in an admin thread), any channel. */
export interface InboundMessageEvent extends EventBase {
  type: 'message';
  channel: ChannelName;
  text: string;
  /** Id of a tapped button or list row, when the message is a tap. */
  replyId?: string;
  /** True when the text is a voice-note transcript. */
  voiceNote?: boolean;
  /** The message carried media the bot cannot read as text: 'audio', 'image', 'location', ... */
  media?: string;
  /** The provider's id of that media, when it can be fetched later (a WhatsApp image). */
  mediaId?: string;
  mimeType?: string;
  /** Attached by the runtime before the turn (see `Understanding`). */
  understanding?: Understanding;
}

export type ThreadAddress = { threadKey: string } | { role: 'admins' };

export type Effect =
  /** `channel`: where the reply goes when not where the event came from (a call's WhatsApp copy). */
  | { type: 'reply'; message: OutboundMessage; channel?: ChannelName }
  | {
      type: 'timer.set';
      key: string;
      fireAt: number;
      event: { type: string } & Record<string, unknown>;
    }
  | { type: 'timer.cancel'; key: string }
  | { type: 'thread.send'; to: ThreadAddress; event: { type: string } & Record<string, unknown> }
  | { type: 'call'; kind: string; payload: Record<string, unknown> };

export type EffectType = Effect['type'];

/** What the runtime knows when it creates a new thread actor. */
export interface ThreadInput {
  tenant: string;
  threadKey: string;
  kind: 'customer' | 'admin';
  customerId: number | null;
  timezone: string;
  /** Free-form per-tenant settings (personality dials, policy, catalog summary). */
  settings: Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// Understanding: what the runtime attaches to an inbound message before the turn (embedded
// parser by default, the LLM router when configured). Journaled with the event, so a replay is
// deterministic.

/** Every intent, in one place: schemas, prompts and tests list them from here. */
export const INTENTS = [
  'book',
  'cancel',
  'reschedule',
  'my_bookings',
  'prices',
  'hours',
  'location',
  'inquiry',
  'greeting',
  'thanks',
  'yes',
  'no',
  'human',
  'stop',
  'start',
  'unknown',
] as const;

export type Intent = (typeof INTENTS)[number];

export type PartOfDay = 'morning' | 'afternoon' | 'evening' | 'night';

export interface Understanding {
  /** Language of this message ('sw' when it is mostly Swahili, including Sheng-ish mixes). */
  language: Language;
  intent: Intent;
  /** 0..1; below ~0.5 the machine should clarify. */
  confidence: number;
  /** Catalog service ids mentioned, best match first. */
  serviceIds: string[];
  /** A named staff member, by catalog id. */
  staffId?: string;
  /** The customer said "anyone" / "yeyote". */
  anyStaff?: boolean;
  /** Calendar date in the tenant's time zone, YYYY-MM-DD. */
  date?: string;
  /** Wall-clock time in the tenant's time zone, HH:MM (24 h). */
  time?: string;
  partOfDay?: PartOfDay;
  /** "the second one", "2", "namba mbili": 1-based choice among what was offered. */
  choice?: number;
  /** Free text left for inquiries (what they asked about). */
  topic?: string;
  /** "the earliest", "next available", "mapema iwezekanavyo": the first free time. */
  soonest?: boolean;
  /** "something later" / "earlier": other times than the ones offered, in that direction. */
  shift?: 'later' | 'earlier';
  /** "same time" (next week): the time of the appointment being moved. */
  sameTime?: boolean;
  /** "same time next week": the same weekday, this many weeks after the appointment moved. */
  weeksLater?: number;
  /** A service asked for that the catalog does not have ("a facial"), in their words. */
  unknownService?: string;
  /**
   * Side questions the message also asks, besides its primary intent ("book a massage, where do
   * I park?" is `book` with the aside `location`/"park"). Answered in one line; the primary
   * intent carries on.
   */
  asides?: Aside[];
  source: 'parser' | 'llm';
}

/** The intents a side question can have. */
export const ASIDE_INTENTS = ['prices', 'hours', 'location', 'inquiry'] as const;
export type AsideIntent = (typeof ASIDE_INTENTS)[number];

export interface Aside {
  intent: AsideIntent;
  /** What it asks about, in the customer's words ("park", "kids cuts"). */
  topic?: string;
}

// ---------------------------------------------------------------------------------------------
// Calls: effects of type 'call' that the runtime carries out through the outbox. The result
// comes back as a `call.result` event (or `effect.failed` after the last attempt), in a later
// turn of the same thread.

export interface Slot {
  /** ISO 8601 with offset, in the tenant's time zone. */
  start: string;
  end: string;
  staffId: string;
  staffName: string;
  serviceId: string;
}

export interface Unavailable {
  reason: 'holiday' | 'closed' | 'outside_hours' | 'too_soon' | 'taken';
  /** The holiday's name ("Christmas"), for `holiday`. */
  holiday?: string;
}

/** A booked slot: the slot's service, staff and times, with the booking's own fields. */
export interface AppointmentSummary extends Slot {
  id: number;
  serviceName: string;
  status: AppointmentStatus;
  priceKesMinor: number;
  /** Present when the booking takes (or took) a payment. */
  payment?: AppointmentPayment;
}

/**
 * `pending_payment`: the slot is held (the exclusion constraint counts it) until the payment
 * succeeds or the hold expires (`expired`).
 */
export type AppointmentStatus =
  'pending_payment' | 'booked' | 'confirmed' | 'cancelled' | 'completed' | 'no_show' | 'expired';

export type PaymentProviderName = 'mpesa' | 'pesapal';

/** Money of a booking, as the customer and the console see it. Amounts in minor units. */
export interface AppointmentPayment {
  provider: PaymentProviderName;
  currency: 'KES';
  /** What the booking asks to be paid up front (a deposit or the full price). */
  dueMinor: number;
  paidMinor: number;
  state: 'due' | 'paid' | 'waived' | 'refund_pending' | 'refunded';
  /** What is (being) refunded, when a refund was started. */
  refundMinor?: number;
  /** While `pending_payment`: when the hold is released (ISO 8601 with offset). */
  holdExpiresAt?: string;
  receipt?: string;
}

export interface CallKinds {
  'availability.search': {
    payload: {
      serviceId: string;
      staffId: string | null;
      date?: string;
      time?: string;
      partOfDay?: PartOfDay;
      /** Default 3. */
      limit?: number;
      /** Appointment being rescheduled: its own time does not count as taken. */
      excludeAppointmentId?: number;
    };
    /**
     * `lastBookableDate` is set when the date asked is past the booking horizon (there are no
     * slots then): the last date a booking may fall on.
     */
    result: {
      slots: Slot[];
      lastBookableDate?: string;
      /**
       * Why what was asked (a date, with a time or part of the day) is not among `slots`, when
       * it is not: closed that day or a holiday (named), outside the opening hours, inside the
       * booking lead time, or taken. Set only when a date was asked.
       */
      unavailable?: Unavailable;
    };
  };
  'booking.create': {
    payload: { serviceId: string; staffId: string; start: string; channel: ChannelName };
    result:
      | { ok: true; appointment: AppointmentSummary }
      | {
          ok: false;
          reason: 'slot_taken' | 'outside_hours' | 'too_soon' | 'too_far';
          alternatives: Slot[];
        };
  };
  'booking.cancel': {
    payload: { appointmentId: number };
    result:
      | {
          ok: true;
          appointment: AppointmentSummary;
          /** A paid booking cancelled inside the refund policy: `payment.refund` it. */
          refundDueMinor?: number;
        }
      | { ok: false; reason: 'not_found' | 'past_cutoff' | 'already_cancelled' };
  };
  'booking.reschedule': {
    payload: { appointmentId: number; start: string; staffId: string };
    result:
      | { ok: true; appointment: AppointmentSummary }
      | { ok: false; reason: 'not_found' | 'past_cutoff' | 'slot_taken'; alternatives: Slot[] };
  };
  'booking.list': {
    payload: { upcomingOnly: boolean };
    result: { appointments: AppointmentSummary[] };
  };
  'inquiry.answer': {
    payload: {
      intent: Intent;
      topic?: string;
      serviceIds: string[];
      language: Language;
      /** The day asked about (YYYY-MM-DD), e.g. "are you open on Saturday?". */
      date?: string;
    };
    result: { answered: boolean; text: string };
  };
}

export type CallKind = keyof CallKinds;

/** The event a thread receives when a call succeeded. */
export interface CallResultEvent<K extends CallKind = CallKind> extends EventBase {
  type: 'call.result';
  kind: K;
  result: CallKinds[K]['result'];
}

/** The event a thread receives when a call was given up (final error or attempts exhausted). */
export interface EffectFailedEvent extends EventBase {
  type: 'effect.failed';
  kind: string;
  error: string;
}

// Payments (calls, events, a booking's money): contract/payments.ts.
