import type { Intent } from '../../contract';
import { addOnFor, knownService, staffDoes, staffFor } from './catalog';
import { localDate } from './format';
import { intentIs, onMessage, result, said, type Args } from './guard-kit';
import { matchAppointment, matchOffer } from './match';
import { CHAT_COPY_GUARDS, CHAT_COPY_GUARDS_AFTER_CALL } from './chat-copy';
import { PAYMENT_GUARDS } from './payment-guards';
import { okAppointment, failReason, readSlots, readUpcoming, resultOf } from './results';
import { flowOf, hasBookingInfo, hasWhenInfo } from './said';
import { addOnSlot, exactOffer } from './updates';
import type { Flow, Said } from './types';

/** Guards: pure predicates over the context and the event. They never throw. */

export { said } from './guard-kit';
export { PAYMENT_TIMEOUT_MS, VOICE_PAYMENT_TIMEOUT_MS } from './payment-guards';

export const MAX_MISSES = 2;
/** A message after this long a pause, in the middle of a booking, asks whether to continue. */
export const RESUME_AFTER_MS = 30 * 60_000;
/** A call whose result is this late is treated as lost when the customer writes again. */
export const CALL_STALE_MS = 90_000;
/** After an add-on is turned down, none is offered for this long. */
export const UPSELL_QUIET_MS = 30 * 24 * 3_600_000;

type YesNoTap = 'confirm' | 'addon' | 'human' | 'resume';
const yesNo = (s: Said, kind: YesNoTap, yes: boolean): boolean =>
  s.tap ? s.tap.kind === kind && s.tap.yes === yes : intentIs(s, yes ? 'yes' : 'no');

export const GUARDS = {
  ...PAYMENT_GUARDS,
  ...CHAT_COPY_GUARDS,
  ...CHAT_COPY_GUARDS_AFTER_CALL,
  // --- messages: anywhere --------------------------------------------------------------------
  isStop: onMessage((s) => s.intent === 'stop' && s.confident),
  isStart: onMessage((s) => s.intent === 'start' && s.confident),
  /** MENU / ANZA UPYA, a plain greeting, or START while already subscribed. */
  isRestart: onMessage(
    (s) =>
      s.keyword === 'restart' ||
      (intentIs(s, 'greeting', 'start') && s.serviceIds.length === 0 && !hasWhenInfo(s)),
  ),
  isReminderTap: onMessage((s) => s.tap?.kind === 'reminder'),
  wantsHuman: onMessage((s) => intentIs(s, 'human')),
  asksQuestion: onMessage((s) => s.confident && flowOf(s.intent) === 'inquiry'),
  /**
   * A question in the middle of a flow. A generic question carrying booking details ("Friday at
   * 3?") is an answer to the step, not an aside.
   */
  asksAside: onMessage(
    (s) =>
      s.confident &&
      flowOf(s.intent) === 'inquiry' &&
      !(s.intent === 'inquiry' && hasBookingInfo(s)),
  ),
  isThanks: onMessage((s) => intentIs(s, 'thanks')),
  /** Only emoji (no yes / no / thanks emoji): a reaction. */
  isReaction: onMessage(
    (s) =>
      s.blank &&
      s.tap === null &&
      s.media === null &&
      /\p{Extended_Pictographic}/u.test(s.text) &&
      // A shrug or a puzzled face is not a reaction: it says "I don't follow".
      !/[\u{1F937}\u{1F914}\u{2753}\u{2754}\u{1F615}\u{1F610}]/u.test(s.text) &&
      !intentIs(s, 'yes', 'no', 'thanks'),
  ),
  /** "I want one for my sister": a wish to book with nothing to book in it. */
  vagueBooking: onMessage((s) => !s.tap && intentIs(s, 'book') && !hasBookingInfo(s)),
  isTap: onMessage((s) => s.tap !== null),
  /** A message that belongs to another flow than the one the thread is in. */
  leaves: ({ event }: Args, params: { flow: Flow }) => {
    const s = said(event);
    if (!s?.confident) return false;
    if (s.tap?.kind === 'menu') return true;
    const flow = flowOf(s.intent);
    // Questions are not a change of flow: real asides are answered by the inquiry state.
    if (!flow || flow === params.flow || flow === 'inquiry') return false;
    const dating = params.flow === 'booking' || params.flow === 'reschedule';
    return !(dating && (flow === 'booking' || flow === 'reschedule') && hasBookingInfo(s));
  },
  yes: ({ event }: Args, params: { tap: YesNoTap }) => {
    const s = said(event);
    return s !== null && yesNo(s, params.tap, true);
  },
  no: ({ event }: Args, params: { tap: YesNoTap }) => {
    const s = said(event);
    return s !== null && yesNo(s, params.tap, false);
  },
  tooManyMisses: ({ context }: Args) => context.misses >= MAX_MISSES,
  intentIs: ({ event }: Args, params: { intent: Intent }) => {
    const s = said(event);
    return s !== null && intentIs(s, params.intent);
  },
  /** MENU / ANZA UPYA typed (not a greeting). */
  isMenuKeyword: onMessage((s) => s.keyword === 'restart'),
  apptTap: onMessage((s) => s.tap?.kind === 'appt'),
  reminderConfirmTap: onMessage((s) => s.tap?.kind === 'reminder' && s.tap.action === 'confirm'),
  reminderMoveTap: onMessage((s) => s.tap?.kind === 'reminder' && s.tap.action === 'reschedule'),
  reminderYes: onMessage((s) => !s.tap && (s.choice === 1 || intentIs(s, 'yes'))),
  reminderMove: onMessage((s) => !s.tap && (s.choice === 2 || intentIs(s, 'reschedule'))),

  // --- messages: booking ---------------------------------------------------------------------
  resumeGap: onMessage(
    (_, c, e) =>
      c.draft.serviceId !== null &&
      c.lastMessageAt !== null &&
      e.at - c.lastMessageAt > RESUME_AFTER_MS,
  ),
  startsBooking: onMessage(
    (s, c) =>
      intentIs(s, 'book') ||
      s.tap?.kind === 'staff' ||
      (intentIs(s, 'unknown') && hasWhenInfo(s)) ||
      (s.confident &&
        flowOf(s.intent) === null &&
        !intentIs(s, 'yes', 'no', 'thanks', 'human') &&
        s.serviceIds.some((id) => knownService(c.settings, id))),
  ),
  bookingInfo: onMessage((s) => hasBookingInfo(s)),
  whenInfo: onMessage((s) => hasWhenInfo(s)),
  datePassed: onMessage((s, c, e) => {
    const date = s.tap?.kind === 'day' ? s.tap.date : s.date;
    return date !== null && date < localDate(e.at, c.timezone);
  }),
  staffCantDo: onMessage((s, c) => {
    const serviceId = s.serviceIds.find((id) => knownService(c.settings, id)) ?? c.draft.serviceId;
    return s.staffId !== null && serviceId !== null && !staffDoes(c.settings, s.staffId, serviceId);
  }),
  pickedStaff: onMessage(
    (s, c) =>
      !s.tap &&
      s.choice !== null &&
      s.choice >= 1 &&
      s.choice <= Math.min(9, staffFor(c.settings, c.draft.serviceId).length) + 1,
  ),
  manyOffers: ({ context }: Args) => context.offers.length > 1,
  pickedOffer: onMessage((s, c) => matchOffer(c.offers, s) !== null),
  pickedAppointment: onMessage((s, c) => matchAppointment(c.appointments, s) !== null),

  // --- the booking route ---------------------------------------------------------------------
  needService: ({ context }: Args) => context.draft.serviceId === null,
  needStaff: ({ context: c }: Args) =>
    !c.draft.staffChosen && staffFor(c.settings, c.draft.serviceId).length > 1,
  needWhen: ({ context: c }: Args) =>
    !c.draft.soonest &&
    c.draft.date === null &&
    c.draft.time === null &&
    c.draft.partOfDay === null,
  hasDraft: ({ context }: Args) => context.draft.serviceId !== null,
  bookedOnCall: ({ context }: Args) => (context.call?.booked.length ?? 0) > 0,
  hasAsides: ({ context }: Args) => context.asides.length > 0,
  /** A service asked for with the one just booked ("a haircut and a manicure") is next. */
  hasQueue: ({ context }: Args) => context.queue.length > 0 && context.booked !== null,
  /** The time asked for is free: straight to "Shall I book it?". */
  exactSlotFree: ({ context, event }: Args) => exactOffer(context, event) !== null,
  /**
   * The appointment to move starts inside the reschedule cutoff: say so before asking for a new
   * time (the booking call would refuse the move anyway).
   */
  moveTooLate: ({ context, event }: Args) => {
    const start = context.target ? Date.parse(context.target.start) : NaN;
    const cutoffMs = context.settings.policy.rescheduleCutoffMin * 60_000;
    return Number.isFinite(start) && cutoffMs > 0 && start - event.at < cutoffMs;
  },

  // --- call results --------------------------------------------------------------------------
  resultFor: ({ event }: Args, params: { kind: string }) =>
    event.type === 'call.result' && event.kind === params.kind,
  failedFor: ({ event }: Args, params: { kind: string }) =>
    event.type === 'effect.failed' && event.kind === params.kind,
  slotsFound: ({ event }: Args) =>
    (readSlots(result('availability.search')(event)?.slots)?.length ?? 0) > 0,
  /** The day asked for is past the booking horizon (the search says how far ahead one can book). */
  tooFarAhead: ({ event }: Args) =>
    typeof result('availability.search')(event)?.lastBookableDate === 'string',
  created: ({ event }: Args) => okAppointment(result('booking.create')(event)) !== null,
  createRejected: ({ event }: Args) => failReason(result('booking.create')(event)) !== null,
  /** A rejected create or reschedule that came with other times to offer. */
  hasAlternatives: ({ event }: Args) => {
    const r = resultOf(event, 'booking.create') ?? resultOf(event, 'booking.reschedule');
    return r?.ok === false && (readSlots(r.alternatives)?.length ?? 0) > 0;
  },
  cancelled: ({ event }: Args) => okAppointment(result('booking.cancel')(event)) !== null,
  moved: ({ event }: Args) => okAppointment(result('booking.reschedule')(event)) !== null,
  pastCutoff: ({ event }: Args) =>
    failReason(resultOf(event, 'booking.cancel') ?? resultOf(event, 'booking.reschedule')) ===
    'past_cutoff',
  listedNone: ({ event }: Args) => readUpcoming(result('booking.list')(event))?.length === 0,
  /** The list names the one appointment to act on (the only one, or the one asked about). */
  listedTarget: ({ context, event }: Args) => {
    const list = readUpcoming(result('booking.list')(event));
    if (!list) return false;
    return context.targetId !== null
      ? list.some((a) => a.id === context.targetId)
      : list.length === 1;
  },
  listed: ({ event }: Args) => (readUpcoming(result('booking.list')(event))?.length ?? 0) > 0,
  answered: ({ event }: Args) => {
    const r = result('inquiry.answer')(event);
    return r?.answered === true && typeof r.text === 'string' && r.text.trim() !== '';
  },
  addOnFound: ({ context, event }: Args) => addOnSlot(context, event) !== null,
  moveNotFound: ({ event }: Args) =>
    failReason(result('booking.reschedule')(event)) === 'not_found',
  pendingStale: ({ context, event }: Args) =>
    context.pending !== null && event.at - context.pending.at > CALL_STALE_MS,

  // --- after booking -------------------------------------------------------------------------
  /**
   * One add-on offer after a booking, not every time: never after the customer turned one down
   * in the last UPSELL_QUIET_MS, nor after a request for several services.
   */
  canCrossSell: ({ context, event }: Args) =>
    context.settings.personality.upsell !== 'never' &&
    context.booked !== null &&
    !context.multiBooking &&
    (context.upsellDeclinedAt === null || event.at - context.upsellDeclinedAt > UPSELL_QUIET_MS) &&
    addOnFor(context.settings, context.booked) !== null,
  validReminder: ({ event }: Args) =>
    event.type === 'reminder.due' &&
    typeof event.appointmentId === 'number' &&
    Number.isFinite(event.appointmentId),
};
