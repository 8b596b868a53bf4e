import { assign, emit, setup } from 'xstate';
import type { Effect, EventBase, InboundMessageEvent, ThreadInput } from '../../contract';
import type { ThreadMachineDefinition } from '../machine-definition';

/**
 * The runtime's probe: the simplest real machine that exercises every guarantee (replies,
 * durable timers, actor-to-actor messages, outbox calls and their results, a machine error).
 * It is what the runtime's own tests run; the booking machines live beside it, not on top of it.
 *
 * Commands (case-insensitive): `remind <seconds>`, `cancel`, `tell owner <text>`,
 * `call <text>`, `boom`; anything else is echoed with a counter.
 */
type ProbeEvent =
  | InboundMessageEvent
  | (EventBase & { type: 'reminder' })
  | (EventBase & { type: 'relay'; text: string; fromThread: string })
  | (EventBase & { type: 'call.result'; kind: string; result: Record<string, unknown> })
  | (EventBase & { type: 'effect.failed'; kind: string; error: string });

interface ProbeContext {
  threadKey: string;
  count: number;
  lastText: string | null;
  reminders: number;
  relayed: string[];
}

const reply = (text: string): Effect => ({ type: 'reply', message: { kind: 'text', text } });
const words = (e: ProbeEvent) => (e.type === 'message' ? e.text.trim().split(/\s+/) : []);
const command = (e: ProbeEvent) => words(e)[0]?.toLowerCase() ?? '';

export const probeMachine = setup({
  types: {
    context: {} as ProbeContext,
    events: {} as ProbeEvent,
    input: {} as ThreadInput,
    emitted: {} as Effect,
  },
  guards: {
    isRemind: ({ event }) => command(event) === 'remind' && Number(words(event)[1]) > 0,
    isCancel: ({ event }) => command(event) === 'cancel',
    isTellOwner: ({ event }) =>
      command(event) === 'tell' && words(event)[1]?.toLowerCase() === 'owner',
    isCall: ({ event }) => command(event) === 'call',
    isBoom: ({ event }) => command(event) === 'boom',
  },
  actions: {
    count: assign({
      count: ({ context }) => context.count + 1,
      lastText: ({ context, event }) => (event.type === 'message' ? event.text : context.lastText),
    }),
    echo: emit(({ context, event }) =>
      reply(`#${context.count} ${event.type === 'message' ? event.text : event.type}`),
    ),
    setReminder: emit(({ event }) => ({
      type: 'timer.set' as const,
      key: 'reminder',
      fireAt: event.at + Number(words(event)[1]) * 1000,
      event: { type: 'reminder' },
    })),
    cancelReminder: emit({ type: 'timer.cancel', key: 'reminder' }),
    tellOwner: emit(({ context, event }) => ({
      type: 'thread.send' as const,
      to: { role: 'admins' as const },
      event: {
        type: 'relay',
        text: words(event).slice(2).join(' '),
        fromThread: context.threadKey,
      },
    })),
    call: emit(({ event }) => ({
      type: 'call' as const,
      kind: 'probe.echo',
      payload: { text: words(event).slice(1).join(' ') },
    })),
    boom: () => {
      throw new Error('probe machine asked to fail');
    },
  },
}).createMachine({
  id: 'probe',
  context: ({ input }) => ({
    threadKey: input.threadKey,
    count: 0,
    lastText: null,
    reminders: 0,
    relayed: [],
  }),
  initial: 'idle',
  on: {
    relay: {
      actions: [
        assign({ relayed: ({ context, event }) => [...context.relayed, event.text].slice(-20) }),
        emit(({ event }) => reply(`relay from ${event.fromThread}: ${event.text}`)),
      ],
    },
    'call.result': {
      actions: emit(({ event }) => reply(`call ${event.kind}: ${JSON.stringify(event.result)}`)),
    },
    'effect.failed': {
      actions: emit(({ event }) => reply(`failed ${event.kind}: ${event.error}`)),
    },
  },
  states: {
    idle: {
      on: {
        message: [
          { guard: 'isBoom', actions: 'boom' },
          {
            guard: 'isRemind',
            target: 'waiting',
            actions: ['count', 'setReminder', emit(reply('ok, reminder set'))],
          },
          { guard: 'isTellOwner', actions: ['count', 'tellOwner', emit(reply('told the owner'))] },
          { guard: 'isCall', actions: ['count', 'call'] },
          { actions: ['count', 'echo'] },
        ],
      },
    },
    waiting: {
      on: {
        reminder: {
          target: 'idle',
          actions: [
            assign({ reminders: ({ context }) => context.reminders + 1 }),
            emit(reply('reminder!')),
          ],
        },
        message: [
          { guard: 'isBoom', actions: 'boom' },
          {
            guard: 'isCancel',
            target: 'idle',
            actions: ['count', 'cancelReminder', emit(reply('reminder cancelled'))],
          },
          { actions: ['count', 'echo'] },
        ],
      },
    },
  },
});

export const probeThread: ThreadMachineDefinition = {
  name: 'probe-thread',
  version: 2,
  machine: probeMachine,
  migrations: {
    // v1 snapshots had no `relayed` list.
    1: (persisted) => {
      const p = persisted as { context: Record<string, unknown> };
      return { ...p, context: { relayed: [], ...p.context } };
    },
  },
};
