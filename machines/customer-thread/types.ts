import type {
  Aside,
  AppointmentSummary,
  CallKind,
  CallResultEvent,
  ChannelName,
  EffectFailedEvent,
  EventBase,
  InboundMessageEvent,
  Intent,
  Language,
  PartOfDay,
  PaymentCallbackEvent,
  PaymentCheckEvent,
  PaymentResultEvent,
  PersonalityDials,
  Slot,
} from '../../contract';

/** The eight personality dials of a tenant (defined once, in contract/). */
export type Personality = PersonalityDials;

export interface CatalogService {
  id: string;
  name: { en: string; sw: string | null };
  category: string;
  durationMin: number;
  priceKesMinor: number;
}

export interface CatalogStaff {
  id: string;
  name: string;
  services: string[];
}

/** What the thread needs of the tenant's settings, read once from `ThreadInput.settings`. */
export interface ThreadSettings {
  personality: Personality;
  /** `payAtSalon`: a failed payment may be left for the salon (tenant `pay_at_salon`). */
  /** `card`: PesaPal is on; with `mpesa` too, the customer chooses. */
  payments: { mpesa: boolean; card: boolean; depositPercent: number; payAtSalon: boolean };
  policy: { cancelCutoffMin: number; rescheduleCutoffMin: number };
  services: CatalogService[];
  staff: CatalogStaff[];
}

/** The booking (or reschedule) being put together. `staffId: null` means "anyone". */
export interface Draft {
  serviceId: string | null;
  staffId: string | null;
  staffChosen: boolean;
  date: string | null;
  time: string | null;
  partOfDay: PartOfDay | null;
  soonest: boolean;
  /** "Something later": `time` is a point to search around, not a time to confirm at once. */
  flexible?: boolean;
  /** "Same time (next week)" said before the appointment to move was known. */
  sameTime?: boolean;
  weeksLater?: number;
}

export type ParkedEvent =
  | CallResultEvent
  | EffectFailedEvent
  | PaymentResultEvent
  | PaymentTimeoutEvent
  | PaymentCallbackEvent
  | PaymentCheckEvent
  | ReminderDueEvent;

export interface ThreadContext {
  tenant: string;
  threadKey: string;
  timezone: string;
  settings: ThreadSettings;
  /** Language of the replies (the customer's, unless the tenant forces one). */
  lang: Language;
  channel: ChannelName;
  lastMessageAt: number | null;
  /** Unclear messages in a row; after MAX_MISSES the thread offers a human. */
  misses: number;
  /** A sentence to put in front of the next prompt ("Sorry, that time was just taken."). */
  lead: string | null;
  draft: Draft;
  /** Side questions of the message that started or moved the booking, answered before it goes on. */
  asides: Aside[];
  /** Services asked for in the same message, booked back to back after the current one. */
  queue: string[];
  /** The request named several services: no add-on is offered after them. */
  multiBooking: boolean;
  /** When the customer last said no to an add-on: none is offered again for a while. */
  upsellDeclinedAt: number | null;
  offers: Slot[];
  chosen: Slot | null;
  /** The appointment just booked (summary, payment, cross-sell). */
  booked: AppointmentSummary | null;
  paidKesMinor: number | null;
  /** Upcoming appointments listed for cancel / reschedule. */
  appointments: AppointmentSummary[];
  /** The appointment being cancelled or rescheduled. */
  target: AppointmentSummary | null;
  /** An appointment named before the list arrived (a reminder's "reschedule"). */
  targetId: number | null;
  addOn: Slot | null;
  /** The last reminder shown (its buttons and "1" / "2" answers refer to it). */
  reminder: { appointmentId: number; summary: string } | null;
  /**
   * How the booking being paid is paid (the customer's choice) and the card checkout link.
   * Optional: snapshots from before cards have neither (M-Pesa).
   */
  payWith?: 'mpesa' | 'pesapal' | null;
  cardLink?: string | null;
  /** The call the current state waits for. */
  pending: { kind: string; at: number } | null;
  /** Results and timers that arrived while a human had the conversation, replayed on hand-back. */
  parked: ParkedEvent[];
  handoff: { by: 'owner' | 'operator'; name: string | null; at: number } | null;
  /**
   * The phone call in progress, if any, and what was booked on it (confirmed again in the chat
   * channel when the call ends). Optional: snapshots from before calls have none.
   */
  call?: {
    id: string;
    booked: { appointment: AppointmentSummary; paidKesMinor: number | null }[];
  } | null;
}

export interface PaymentTimeoutEvent extends EventBase {
  type: 'payment.timeout';
  appointmentId: number;
}
export interface HandoffStartEvent extends EventBase {
  type: 'handoff.start';
  by: 'owner' | 'operator';
  name?: string;
}
export interface HandoffEndEvent extends EventBase {
  type: 'handoff.end';
}
export interface OperatorMessageEvent extends EventBase {
  type: 'operator.message';
  text: string;
}
/** An operator cancels one of the customer's bookings (the console's calendar). */
export interface OperatorCancelEvent extends EventBase {
  type: 'operator.cancel';
  appointmentId: number;
}
/**
 * The salon booked, moved or cancelled one of the customer's bookings from the console's
 * calendar (already done, conflicts checked there): the thread tells the customer.
 */
export interface OperatorChangedEvent extends EventBase {
  type: 'operator.changed';
  change: 'booked' | 'moved' | 'cancelled';
  appointment: AppointmentSummary;
  /** `cancelled`: a paid booking's refund due under the policy (the thread starts it). */
  refundDueMinor?: number;
}
/**
 * The nightly reaper released a hold nobody settled (the payment never came): the customer is
 * told, in their language, at a decent hour (the event is a timer set for the morning).
 */
export interface PaymentReleasedEvent extends EventBase {
  type: 'payment.released';
  appointmentId: number;
  serviceId: string;
  serviceName: string;
  /** The held slot's start (ISO 8601 with the tenant's offset). */
  start: string;
}
export interface ReminderDueEvent extends EventBase {
  type: 'reminder.due';
  appointmentId: number;
  summary: string;
}

/** A phone call from the thread's customer was answered (the voice pipeline sends it). */
export interface CallStartedEvent extends EventBase {
  type: 'call.started';
  channel: 'voice';
  callId: string;
}
/** The call ended; `channel` is where follow-ups go from now on (the customer's chat). */
export interface CallEndedEvent extends EventBase {
  type: 'call.ended';
  callId: string;
  channel?: ChannelName;
  reason?: string;
}

export type CustomerThreadEvent =
  | CallStartedEvent
  | CallEndedEvent
  | InboundMessageEvent
  | ParkedEvent
  | HandoffStartEvent
  | HandoffEndEvent
  | OperatorMessageEvent
  | OperatorCancelEvent
  | OperatorChangedEvent
  | PaymentReleasedEvent;

/** A parsed button / list-row id. Ids are stable: see `replies.ts` for how they are built. */
export type Tap =
  | { kind: 'svc'; serviceId: string }
  | { kind: 'staff'; staffId: string | null }
  | { kind: 'day'; date: string }
  | { kind: 'soonest' }
  | { kind: 'slot'; start: string; staffId: string }
  | { kind: 'appt'; id: number }
  | { kind: 'confirm' | 'addon' | 'human' | 'resume'; yes: boolean }
  | { kind: 'pay'; retry: boolean; cancel?: true }
  | { kind: 'paywith'; provider: 'mpesa' | 'pesapal' }
  | { kind: 'menu'; item: MenuItem }
  | { kind: 'reminder'; action: 'confirm' | 'reschedule'; id: number }
  | { kind: 'unknown'; raw: string };

export type MenuItem = 'book' | 'my_bookings' | 'reschedule' | 'cancel' | 'prices' | 'human';

/** One customer message, read: the understanding (sanitized), the tap and the keywords. */
export interface Said {
  text: string;
  tap: Tap | null;
  intent: Intent;
  confident: boolean;
  language: Language | null;
  serviceIds: string[];
  staffId: string | null;
  anyStaff: boolean;
  date: string | null;
  time: string | null;
  partOfDay: PartOfDay | null;
  choice: number | null;
  topic: string | null;
  /** "the earliest", "next available". */
  soonest: boolean;
  shift: 'later' | 'earlier' | null;
  sameTime: boolean;
  weeksLater: number | null;
  unknownService: string | null;
  asides: Aside[];
  keyword: 'stop' | 'start' | 'restart' | null;
  /** Nothing to read: empty, or only emoji / punctuation. */
  blank: boolean;
  /** Media the bot cannot read ('image', 'sticker', ...), when the runtime says so. */
  media: string | null;
}

/** Which flow an intent or tap belongs to. */
export type Flow = 'booking' | 'cancel' | 'reschedule' | 'myBookings' | 'inquiry';

export type { CallKind };
