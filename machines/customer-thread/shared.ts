import { and } from 'xstate';
import type { Intent } from '../../contract';
import type { LeadKey } from './leads';
import { fx, issue, lead, p, up } from './setup';
import type { Flow } from './types';

/**
 * Transition pieces every step shares. XState lets the deepest state handle an event first, so a
 * step lists these before its own transitions: STOP always wins, then starting over, reminder
 * taps and asking for a human, then leaving for another flow; unclear messages end the list.
 */

type YesNoTap = 'confirm' | 'addon' | 'human' | 'resume';
export const yes = (tap: YesNoTap) => ({ type: 'yes', params: { tap } }) as const;
export const no = (tap: YesNoTap) => ({ type: 'no', params: { tap } }) as const;
export const resultFor = (kind: string) => ({ type: 'resultFor', params: { kind } }) as const;
export const failedFor = (kind: string) => ({ type: 'failedFor', params: { kind } }) as const;
/** The `effect.failed` of a call: it failed for good, go to `target` with `actions`. */
export const failedTo = <const T extends string, const A>(kind: string, target: T, actions: A) =>
  ({ guard: failedFor(kind), target, actions }) as const;
export const intentIs = (intent: Intent) => ({ type: 'intentIs', params: { intent } }) as const;

export const stop = { guard: 'isStop', target: '#optedOut', actions: ['seen'] } as const;

/** On a call, "send it to me on WhatsApp": the summary goes there, the step stays (chat-copy.ts). */
export const chatCopy = { guard: 'wantsChatCopy', actions: ['seen', fx('chatCopy')] } as const;

/** A call's "send it to WhatsApp", starting over, reminders, a human: wanted from any step. */
export const restartish = [
  chatCopy,
  { guard: 'isRestart', target: '#idle', actions: ['seen', p('greeting')] },
  { guard: 'isReminderTap', target: '#idle', actions: ['seen', 'reroute'] },
  { guard: 'wantsHuman', target: '#waitingHuman', actions: ['seen'] },
] as const;

/** STOP, then a call's WhatsApp copy / starting over / reminders / a human: every step's head. */
export const preempt = [stop, ...restartish] as const;

/** The message is for another flow: let `idle` start it. */
export const leave = (flow: Flow) =>
  ({
    guard: { type: 'leaves', params: { flow } },
    target: '#idle',
    actions: ['seen', 'reroute'],
  }) as const;

/** A question in the middle of a flow is answered by the inquiry state. */
export const question = { guard: 'asksAside', target: '#inquiry', actions: ['seen'] } as const;

/** Anything else goes to `idle`, which understands every message. */
export const toIdle = { target: '#idle', actions: ['seen', 'reroute'] } as const;

/** When `guard` holds: say why (`lead`) and ask again in `self`, entered anew. */
export const askAgain = <const G, const T extends string>(guard: G, self: T, why: LeadKey) =>
  ({ guard, target: self, reenter: true, actions: ['seen', lead(why)] }) as const;

/** A button from an earlier message that no longer fits: say so and ask again. */
export const staleTap = (self: string) => askAgain('isTap', self, 'expired');

/** Unclear: ask again, and after MAX_MISSES offer a human. */
export const clarify = (self: string) =>
  [
    { guard: 'tooManyMisses', target: '#offerHuman', actions: ['seen', lead('stuck')] },
    { target: self, reenter: true, actions: ['seenMiss', lead('clarify')] },
  ] as const;

/** While a call is out: messages are acknowledged, and a search or list that got lost is redone. */
export const waitingFor = (self: string) =>
  [
    { guard: 'pendingStale', target: self, reenter: true, actions: ['seen', fx('holdOn')] },
    { actions: ['seen', fx('holdOn')] },
  ] as const;

/** While a booking change is out (never re-issued: it is not idempotent). */
export const busy = [...preempt, { actions: ['seen', fx('stillWorking')] }] as const;

/** In `offering`: a pick confirms that slot; "change time" asks for another day and time. */
export const pickOrChange = [
  { guard: 'pickedOffer', target: 'confirming', actions: ['seen', up('choose')] },
  { guard: no('confirm'), target: 'when', actions: ['seen', up('clearWhen')] },
] as const;

/**
 * In `confirming`, "change time": back to the list when there was one, else to `when`; a pick of
 * another offered slot confirms that one instead.
 */
export const notThisSlot = [
  { guard: and([no('confirm'), 'manyOffers']), target: 'offering', actions: 'seen' },
  pickOrChange[1],
  { guard: 'pickedOffer', target: 'confirming', reenter: true, actions: ['seen', up('choose')] },
] as const;

/** Back to asking for a day and time, saying why (`lead`). */
export const backToWhen = (why: LeadKey) =>
  ({ target: 'when', actions: [lead(why), up('clearWhen'), up('clearPending')] }) as const;

/**
 * A create / reschedule the calendar refused: the alternatives it returned go on offer when there
 * are any (`alternatives`), otherwise back to `when`.
 */
export const refused = <const G>(alternatives: G, kind: string) =>
  [
    {
      guard: alternatives,
      target: 'offering',
      actions: [lead('rejected'), up('takeAlternatives')],
    },
    { guard: resultFor(kind), ...backToWhen('rejected') },
  ] as const;

/**
 * Waiting for `availability.search`, in booking and in reschedule: the exact time asked for is
 * free -> "Shall I book it?" straight away (no list in between); slots -> offer them; otherwise
 * back to `when` with the reason. `message` is the flow's own handling of a message meanwhile.
 */
export const searching = <const M extends readonly unknown[]>(message: M) =>
  ({
    entry: issue('availability.search'),
    on: {
      'call.result': [
        { guard: 'exactSlotFree', target: 'confirming', actions: up('chooseExact') },
        {
          guard: 'slotsFound',
          target: 'offering',
          actions: [up('takeOffers'), lead('notOnOffer')],
        },
        { guard: 'tooFarAhead', ...backToWhen('tooFarAhead') },
        { guard: resultFor('availability.search'), ...backToWhen('noSlotsWhy') },
      ],
      'effect.failed': failedTo('availability.search', 'when', [
        lead('searchFailed'),
        up('clearPending'),
      ]),
      message,
    },
  }) as const;
