import { assign, enqueueActions, raise, setup } from 'xstate';
import type { ChannelName, Effect, ThreadInput } from '../../contract';
import { CALLS, FX, kindOf, type CallKey, type FxKey } from './effects';
import { LEADS, type LeadKey } from './leads';
import { GUARDS } from './guards';
import { PROMPTS, type PromptKey } from './replies';
import { readMessage } from './said';
import { readSettings } from './settings';
import type { CustomerThreadEvent, ThreadContext } from './types';
import { freshFlow } from './fresh-flow';
import { UPDATES, type UpdateKey } from './updates';

/**
 * The customer thread's setup: types, guards and a handful of parameterized actions. The state
 * configs (booking-flow.ts, manage-flow.ts, side-flows.ts) name them:
 *
 * - `seen` / `seenMiss`: every message transition starts with one (language, channel, time, and
 *   the count of unclear messages in a row);
 * - `update` (an `UPDATES` function), `lead` (a sentence for the next prompt);
 * - `prompt` (a step's question, consuming the lead), `fx` (other effects);
 * - `issue` (a call; not re-issued when a hand-back re-enters the state waiting for it);
 * - `reroute` (hand the message to `idle`), `replayParked` (events that came in during a handoff).
 */

const CHANNELS: readonly ChannelName[] = [
  'whatsapp',
  'instagram',
  'messenger',
  'voice',
  'sms',
  'simulator',
];

function noteMessage(
  c: ThreadContext,
  e: CustomerThreadEvent,
  miss: boolean,
): Partial<ThreadContext> {
  if (e.type !== 'message') return {};
  const s = readMessage(e);
  const pref = c.settings.personality.languagePreference;
  return {
    lastMessageAt: e.at,
    channel: CHANNELS.find((ch) => ch === e.channel) ?? c.channel,
    lang: pref !== 'mirror' ? pref : (s.language ?? c.lang),
    misses: miss ? c.misses + 1 : 0,
  };
}

export function initialContext(input: ThreadInput): ThreadContext {
  const settings = readSettings(input.settings);
  const pref = settings.personality.languagePreference;
  return {
    tenant: input.tenant,
    threadKey: input.threadKey,
    timezone: input.timezone || 'Africa/Nairobi',
    settings,
    lang: pref === 'sw' ? 'sw' : 'en',
    channel: 'whatsapp',
    lastMessageAt: null,
    misses: 0,
    ...freshFlow(),
    upsellDeclinedAt: null,
    reminder: null,
    parked: [],
    handoff: null,
  };
}

export const threadSetup = setup({
  types: {
    context: {} as ThreadContext,
    events: {} as CustomerThreadEvent,
    input: {} as ThreadInput,
    emitted: {} as Effect,
  },
  guards: GUARDS,
  actions: {
    seen: assign(({ context, event }) => noteMessage(context, event, false)),
    seenMiss: assign(({ context, event }) => noteMessage(context, event, true)),
    update: assign(({ context, event }, params: { fn: UpdateKey }) =>
      UPDATES[params.fn](context, event),
    ),
    lead: assign(({ context, event }, params: { key: LeadKey }) => ({
      lead: LEADS[params.key](context, event),
    })),
    prompt: enqueueActions(({ context, event, enqueue }, params: { p: PromptKey }) => {
      enqueue.emit({ type: 'reply', message: PROMPTS[params.p](context, event) });
      if (context.lead !== null) enqueue.assign({ lead: null });
    }),
    fx: enqueueActions(({ context, event, enqueue }, params: { fx: FxKey }) => {
      for (const effect of FX[params.fx](context, event)) enqueue.emit(effect);
    }),
    issue: enqueueActions(({ context, event, enqueue }, params: { call: CallKey }) => {
      // Re-entered by a hand-back: the call is already out (its result may be parked).
      if (event.type === 'handoff.end') return;
      const kind = kindOf(params.call);
      const effects = CALLS[params.call](context, event);
      if (!effects) {
        enqueue.raise({ type: 'effect.failed', kind, error: 'missing_input', at: event.at });
        return;
      }
      enqueue.assign({ pending: { kind, at: event.at } });
      for (const effect of effects) enqueue.emit(effect);
    }),
    reroute: raise(({ event }) => event),
    replayParked: enqueueActions(({ context, enqueue }) => {
      for (const parked of context.parked) enqueue.raise(parked);
    }),
  },
});

/** Action and guard objects for the state configs. */
export const p = (name: PromptKey) => ({ type: 'prompt', params: { p: name } }) as const;
export const fx = (name: FxKey) => ({ type: 'fx', params: { fx: name } }) as const;
export const up = (fn: UpdateKey) => ({ type: 'update', params: { fn } }) as const;
export const lead = (key: LeadKey) => ({ type: 'lead', params: { key } }) as const;
export const issue = (call: CallKey) => ({ type: 'issue', params: { call } }) as const;
