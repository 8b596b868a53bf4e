import type { CopyBook, LabelBook, Voice } from './copy-book';
import { EN_CALL_COPY } from './copy-call';
import { EN_CARD_COPY } from './copy-card';
import { EN_PAY_COPY } from './copy-en-pay';

/**
 * English templates. See `copy.ts` for how the parts and dials are put together; the payment ones
 * are in `copy-en-pay.ts`.
 */

const f = (v: Voice, casual: string, neutral: string, formal: string): string =>
  v.formality === 'casual' ? casual : v.formality === 'formal' ? formal : neutral;
const withStaff = (staff?: string) => (staff ? ` with ${staff}` : '');

export const EN_COPY: CopyBook = {
  ...EN_PAY_COPY,
  ...EN_CALL_COPY,
  ...EN_CARD_COPY,
  greeting: (_, v) => ({
    text:
      f(v, 'Hey there!', 'Hello!', 'Good day, and welcome.') +
      (v.warmth === 'warm' ? ' So good to hear from you.' : ''),
    emoji: ['👋', '😊'],
  }),
  menu: (_, v) => ({
    text: f(
      v,
      'What can I do for you?',
      'What would you like to do?',
      'How may we help you today?',
    ),
    hint: 'I can book, change or cancel appointments and answer your questions.',
    detail: "You can also just type, for example 'haircut on Friday at 3pm'.",
  }),
  welcome: (_, v) => ({
    text: f(v, 'Any time!', "You're welcome!", 'You are most welcome.'),
    warm: 'It was a pleasure.',
    emoji: ['😊', '💛'],
    close: true,
  }),
  askService: (_, v) => ({
    text: f(
      v,
      'What are you coming in for?',
      'Which service would you like?',
      'Which service may we book for you?',
    ),
    hint: 'Pick one from the list.',
    emoji: ['💇🏾‍♀️', '💅🏾'],
  }),
  askStaff: (p, v) => ({
    text: f(
      v,
      `Who do you want for your ${p.service}?`,
      `Who would you like for your ${p.service}?`,
      `Do you have a preferred stylist for your ${p.service}?`,
    ),
    hint: "Or choose 'Anyone' for the first free person.",
  }),
  askWhen: (p, v) => ({
    text: f(
      v,
      `When do you want to come in for your ${p.service}${withStaff(p.staff)}?`,
      `When would you like to come in for your ${p.service}${withStaff(p.staff)}?`,
      `What day and time would suit you for your ${p.service}${withStaff(p.staff)}?`,
    ),
    hint: "For example 'Friday at 3pm' or 'tomorrow morning'.",
    emoji: ['📅'],
  }),
  offerSlots: (p) => ({
    text: `Here are the free times for ${p.service}${withStaff(p.staff)}${p.day ? ` on ${p.day}` : ''}:`,
    hint: 'Tap one to choose it.',
    detail: 'If none of these suit you, just tell me another day or time.',
    emoji: ['🗓️'],
  }),
  confirmSlot: (p, v) => ({
    text: `${p.service}${withStaff(p.staff)}, ${p.when} — ${p.price}. ${f(v, 'Book it?', 'Shall I book it?', 'Shall we confirm this booking?')}`,
  }),
  booked: (p, v) => ({
    warm: 'Wonderful!',
    text: `${f(v, "You're all set!", "You're booked!", 'Your booking is confirmed.')} ${p.service}${withStaff(p.staff)}, ${p.when}. Price: ${p.price}.${p.paid ? ` Paid ${p.paid} by ${p.method === 'card' ? 'card' : 'M-Pesa'}.` : ''}`,
    hint: `Ref #${p.ref}.`,
    detail: "We'll send you a reminder before your appointment.",
    emoji: ['✅', '✨'],
    close: true,
  }),
  addOnOffer: (p, v) =>
    v.eager
      ? {
          text: `Treat yourself! ${p.staff} is free right after for ${p.service} at ${p.time} — just ${p.price}. Shall I add it?`,
          emoji: ['💆🏾‍♀️', '✨'],
        }
      : {
          text: `Would you like to add ${p.service} with ${p.staff} right after, at ${p.time} (${p.price})?`,
          emoji: ['✨'],
        },
  addOnBooked: (p) => ({
    text: `Added: ${p.service}${withStaff(p.staff)}, ${p.when} (${p.price}).`,
    emoji: ['✅'],
    close: true,
  }),
  addOnDeclined: (_, v) => ({
    text: f(
      v,
      'No worries! See you soon.',
      'No problem! See you soon.',
      'Very well. We look forward to seeing you.',
    ),
    close: true,
  }),
  addOnFailed: () => ({
    text: 'Sorry, that time has just been taken — your main booking is unchanged.',
  }),
  chooseBooking: (p) => ({
    text: `Which booking would you like to ${p.action === 'cancel' ? 'cancel' : 'move'}?`,
  }),
  noUpcoming: () => ({
    text: "You don't have any upcoming bookings.",
    hint: 'Would you like to book one?',
  }),
  confirmCancel: (p, v) => ({
    text: `${f(v, 'Cancel', 'Cancel your', 'Shall we cancel your')} ${p.service}${withStaff(p.staff)}, ${p.when}?`,
  }),
  cancelled: (p) => ({
    text: `Done — your ${p.service} on ${p.when} is cancelled.`,
    hint: 'We hope to see you another time.',
    close: true,
  }),
  cancelKept: () => ({ text: 'OK, your booking stays as it is.', emoji: ['👍'] }),
  bookingGone: () => ({
    text: "I couldn't find that booking — it may already have been cancelled.",
  }),
  askNewWhen: (p) => ({
    text: `When would you like to move your ${p.service}${withStaff(p.staff)} (now ${p.when}) to?`,
    hint: "For example 'Saturday morning'.",
  }),
  confirmMove: (p) => ({
    text: `Move your ${p.service}${withStaff(p.staff)} from ${p.from} to ${p.when}?`,
  }),
  moved: (p) => ({
    text: `Done — your ${p.service}${withStaff(p.staff)} is now ${p.when}.`,
    emoji: ['✅'],
    close: true,
  }),
  myBookings: (p) => ({ text: `Your upcoming bookings:\n${(p.lines ?? []).join('\n')}` }),
  offerHuman: (_, v) => ({
    text: f(
      v,
      'Want me to get someone from the team?',
      'Would you like me to ask someone from the team?',
      'Shall I ask a member of our team to assist you?',
    ),
  }),
  humanRequested: () => ({
    text: "I've let the team know — someone will reply here soon.",
    hint: 'Send MENU to go back to the assistant.',
    emoji: ['🙋🏾‍♀️'],
  }),
  humanAck: () => ({ text: "Thanks — I've passed that on to the team." }),
  humanDeclined: () => ({ text: 'OK! What else can I help you with?' }),
  resumeAsk: (p) => ({
    text: `Shall we continue with the ${p.service}${p.day ? ` on ${p.day}` : ''}?`,
    emoji: ['😊'],
  }),
  startOver: () => ({ text: "No problem — let's start again." }),
  reminder: (p) => ({
    text: `Reminder: ${p.summary}.`,
    hint: 'Reply 1 to confirm or 2 to reschedule.',
    emoji: ['⏰'],
  }),
  reminderConfirmed: (_, v) => ({
    text: f(
      v,
      'Great, see you then!',
      'Thank you — see you then!',
      'Thank you for confirming. We look forward to seeing you.',
    ),
    emoji: ['😊'],
    close: true,
  }),
  optedOut: () => ({
    text: "You won't get any more messages from us. Send START to turn them back on.",
  }),
  optedIn: () => ({ text: "Welcome back! You'll get our messages again." }),
  holdOn: () => ({ text: 'One moment — still checking.' }),
  stillWorking: () => ({
    text: "I'm still working on that — I'll message you as soon as it's done.",
  }),
  clarify: (_, v) => ({
    text: f(
      v,
      "Sorry, didn't catch that.",
      "Sorry, I didn't get that.",
      'I beg your pardon, I did not understand.',
    ),
  }),
  expired: () => ({ text: 'That button is from an earlier message.' }),
  slotTaken: (p) => ({ text: `Sorry, ${p.time ?? 'that time'} was just taken.` }),
  rejected: (p) => ({
    text:
      p.reason === 'outside_hours'
        ? 'That time is outside our opening hours.'
        : p.reason === 'too_soon'
          ? "That's too soon to book."
          : "That's too far ahead to book.",
  }),
  noSlots: (p) => ({ text: `Sorry, nothing is free${p.when ? ` ${p.when}` : ''}.` }),
  searchFailed: () => ({ text: "Sorry, I couldn't check the calendar just now." }),
  staffCantDo: (p) => ({
    text: `${p.staff} doesn't do ${p.service}${p.who ? ` — ${p.who} ${p.who.includes(' and ') ? 'do' : 'does'}` : ''}.`,
  }),
  notInList: () => ({ text: "That booking isn't in your current list." }),
  stuck: () => ({ text: "Sorry, I'm having trouble understanding." }),
  failed: () => ({ text: 'Sorry, something went wrong on our side.' }),
  pastCutoff: (p) => ({
    text: `Sorry, it's too close to the appointment to ${p.action === 'cancel' ? 'cancel' : 'change'} it here — that's possible up to ${p.hours} before.`,
  }),
  pastDay: (p) => ({
    text: p.when ? `${p.when} has already passed.` : 'That day has already passed.',
  }),
  tooFarAhead: (p) => ({ text: `I can only book up to ${p.when ?? 'a few weeks ahead'}.` }),
  unanswered: () => ({ text: "I'm not sure about that one." }),
  welcomeBack: () => ({ text: 'Welcome back!' }),
  callResume: () => ({ text: 'Hello! We were in the middle of your booking.' }),
  textOnly: () => ({ text: 'I can only read text messages for now.' }),
  twoServices: (p) => ({
    text: `I'll book your ${p.service} first, then the ${p.next} right after it.`,
  }),
  nextService: (p) => ({ text: `Next, the ${p.service} right after it.` }),
  unavailable: (p) => ({
    text:
      p.reason === 'holiday'
        ? `We're closed on ${p.when}${p.holiday ? ` for ${p.holiday}` : ''}.`
        : p.reason === 'closed'
          ? `We're closed on ${p.when}.`
          : p.reason === 'outside_hours'
            ? `${p.when} is outside our opening hours.`
            : p.reason === 'too_soon'
              ? `${p.when} is too soon to book.`
              : `${p.when} is already taken.`,
  }),
  unknownService: (p) => ({ text: `Sorry, we don't offer ${p.service}.` }),
  asideUnknown: () => ({
    text: "I don't have the answer to your question, but the team can help — just ask for a person.",
  }),
};

export const EN_LABELS: LabelBook = {
  yesBook: 'Yes, book it',
  changeTime: 'Change time',
  anyone: 'Anyone',
  today: 'Today',
  tomorrow: 'Tomorrow',
  soonest: 'Earliest free',
  yesCancel: 'Yes, cancel',
  keep: 'Keep it',
  yesMove: 'Yes, move it',
  tryAgain: 'Try again',
  payLater: 'Pay at the salon',
  payCancel: 'Cancel booking',
  payMpesa: 'M-Pesa',
  payCard: 'Card',
  addYes: 'Yes, add it',
  addNo: 'No, thanks',
  humanYes: 'Yes, please',
  humanNo: 'No, thanks',
  resumeYes: 'Yes, continue',
  resumeNo: 'Start over',
  remConfirm: '1 Confirm',
  remReschedule: '2 Reschedule',
  chooseTime: 'Choose a time',
  services: 'Services',
  bookings: 'Bookings',
  menu: 'Menu',
  times: 'Times',
  'menu.book': 'Book',
  'menu.my_bookings': 'My bookings',
  'menu.reschedule': 'Reschedule',
  'menu.cancel': 'Cancel a booking',
  'menu.prices': 'Prices',
  'menu.human': 'Talk to a person',
};
