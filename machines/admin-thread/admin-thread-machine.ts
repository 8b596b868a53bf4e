import { and, enqueueActions, setup } from 'xstate';
import type { Effect, ThreadInput } from '../../contract';
import type { ThreadMachineDefinition } from '../machine-definition';
import { onCatalogDraft, onCatalogPhoto } from './catalog-photos';
import { fromReady } from './commands';
import { onCustomer, onDigest, onDigestDue, onRelay, onRemind } from './escalations';
import { onReaped, onReaperDue, onReapFailed } from './reaper';
import { fromConfirming, fromReplying, fromWorking } from './results';
import type { AdminContext, AdminThreadEvent, Mode, Step } from './types';

/**
 * The owner's conversation (one per admin phone): commands in English or Swahili, understood by
 * the runtime before the turn (`event.admin`, see understanding/admin) and echoed in one line.
 *
 * ready        a command: queries run (`admin.query`), changes are previewed (`admin.preview`),
 *              walk-ins and done / no-show applied (`admin.apply`)
 * working      waiting for that call's result
 * confirming   a change shown with what it hits: yes / no, or keep / cancel / move the bookings
 * replying     "Reply E1" tapped: the next message goes to that customer
 *
 * In any state: `relay` from customer threads (escalations E1, E2, ... with taps; a customer the
 * owner has taken over talks through here), `escalation.remind` (durable timer, once), the
 * `digest.due` and `reaper.due` timers and the `admin.customer` / `admin.digest` /
 * `payment.reap` results. Changes that affect
 * customers send them `operator.message` in their own thread and language; take over / hand
 * back send `handoff.start` / `handoff.end`.
 */

const REDUCERS: Record<Mode, (c: AdminContext, e: AdminThreadEvent) => Step> = {
  ready: (c, e) =>
    e.type === 'message' ? fromReady(c, e) : { next: 'ready', patch: {}, effects: [] },
  working: fromWorking,
  confirming: fromConfirming,
  replying: fromReplying,
};

const WORKING_KINDS = ['admin.query', 'admin.preview', 'admin.apply'];

const ALWAYS = {
  onRelay,
  onCustomer,
  onRemind,
  onDigestDue,
  onDigest,
  onReaperDue,
  onReaped,
  onReapFailed,
  onCatalogPhoto,
  onCatalogDraft,
} as const;

export const adminThreadMachine = setup({
  types: {
    context: {} as AdminContext,
    events: {} as AdminThreadEvent,
    input: {} as ThreadInput,
    emitted: {} as Effect,
  },
  guards: {
    leadsTo: ({ context, event }, params: { from: Mode; to: Mode }) =>
      REDUCERS[params.from](context, event).next === params.to,
    resultFor: ({ event }, params: { kinds: string[] }) =>
      (event.type === 'call.result' || event.type === 'effect.failed') &&
      params.kinds.includes(event.kind),
  },
  actions: {
    step: enqueueActions(({ context, event, enqueue }, params: { from: Mode }) => {
      const r = REDUCERS[params.from](context, event);
      if (Object.keys(r.patch).length > 0) enqueue.assign(r.patch);
      for (const effect of r.effects) enqueue.emit(effect);
    }),
    always: enqueueActions(({ context, event, enqueue }, params: { fn: keyof typeof ALWAYS }) => {
      const r = ALWAYS[params.fn](context, event);
      if (Object.keys(r.patch).length > 0) enqueue.assign(r.patch);
      for (const effect of r.effects) enqueue.emit(effect);
    }),
    digestFailed: enqueueActions(({ event, enqueue }) => {
      // The chain of digests must not end on one failed day: try again tomorrow.
      enqueue.emit({
        type: 'timer.set',
        key: 'digest',
        fireAt: event.at + 24 * 3600_000,
        event: { type: 'digest.due' },
      });
    }),
  },
}).createMachine({
  id: 'adminThread',
  context: ({ input }) => ({
    tenant: input.tenant,
    threadKey: input.threadKey,
    timezone: input.timezone || 'Africa/Nairobi',
    lang: 'en',
    pending: null,
    escalations: [],
    nextCode: 1,
    talkingTo: null,
    replyTo: null,
  }),
  initial: 'ready',
  on: {
    relay: { actions: { type: 'always', params: { fn: 'onRelay' } } },
    'escalation.remind': { actions: { type: 'always', params: { fn: 'onRemind' } } },
    'digest.due': { actions: { type: 'always', params: { fn: 'onDigestDue' } } },
    'reaper.due': { actions: { type: 'always', params: { fn: 'onReaperDue' } } },
    'call.result': [
      {
        guard: { type: 'resultFor', params: { kinds: ['admin.customer'] } },
        actions: { type: 'always', params: { fn: 'onCustomer' } },
      },
      {
        guard: { type: 'resultFor', params: { kinds: ['admin.digest'] } },
        actions: { type: 'always', params: { fn: 'onDigest' } },
      },
      {
        guard: { type: 'resultFor', params: { kinds: ['payment.reap'] } },
        actions: { type: 'always', params: { fn: 'onReaped' } },
      },
      {
        guard: { type: 'resultFor', params: { kinds: ['admin.catalog_photo'] } },
        actions: { type: 'always', params: { fn: 'onCatalogPhoto' } },
      },
      {
        guard: { type: 'resultFor', params: { kinds: ['admin.catalog_draft'] } },
        actions: { type: 'always', params: { fn: 'onCatalogDraft' } },
      },
    ],
    'effect.failed': [
      {
        guard: { type: 'resultFor', params: { kinds: ['admin.digest'] } },
        actions: 'digestFailed',
      },
      {
        guard: { type: 'resultFor', params: { kinds: ['payment.reap'] } },
        actions: { type: 'always', params: { fn: 'onReapFailed' } },
      },
      {
        guard: { type: 'resultFor', params: { kinds: ['admin.catalog_photo'] } },
        actions: { type: 'always', params: { fn: 'onCatalogPhoto' } },
      },
    ],
  },
  states: {
    ready: { on: { message: routes('ready') } },
    working: {
      on: {
        message: routes('working'),
        'call.result': guarded(routes('working')),
        'effect.failed': guarded(routes('working')),
      },
    },
    confirming: { on: { message: routes('confirming') } },
    replying: { on: { message: routes('replying') } },
  },
});

/** One transition per possible next state, each guarded by the reducer's decision. */
function routes(from: Mode) {
  return (['ready', 'working', 'confirming', 'replying'] as const).map((to) => ({
    guard: { type: 'leadsTo' as const, params: { from, to } },
    target: `#adminThread.${to}`,
    actions: { type: 'step' as const, params: { from } },
  }));
}

/** Only the results of the call `working` waits for; others fall through to the root. */
function guarded(list: ReturnType<typeof routes>) {
  return list.map((t) => ({
    ...t,
    guard: and([{ type: 'resultFor' as const, params: { kinds: WORKING_KINDS } }, t.guard]),
  }));
}

export const adminThread: ThreadMachineDefinition = {
  name: 'admin-thread',
  version: 1,
  machine: adminThreadMachine,
  migrations: {},
};
