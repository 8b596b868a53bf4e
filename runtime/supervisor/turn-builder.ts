import type { Effect, OutboundMessage, TenantSchema } from '../../contract';
import type { TurnOutcome } from './thread-actor';
import { customerIdOf, shardOf, threadKindOf } from './thread-key';
import type { OutboxWrite, ThreadMessageWrite, TimerWrite, TurnWrite } from '../stores/turn-write';

export interface TurnContext {
  tenant: string;
  schema: TenantSchema;
  shard: number;
  epoch: number;
  threadKey: string;
  inboxId: number;
  eventId: string;
  /** The chain this event belongs to (its own id, or the id of the event whose call it answers). */
  rootEventId: string;
  seq: number;
  machine: string;
  version: number;
  channel: string | null;
  shardCount: number;
  /** Thread keys of the tenant's admin threads (for `thread.send` to `{ role: 'admins' }`). */
  adminThreads: { threadKey: string; customerId: number }[];
}

export interface BuiltTurn {
  write: TurnWrite;
  replies: OutboundMessage[];
  callsOpened: number;
}

const sentAt = (event: { type: string }): { at?: number } => {
  const at = (event as { at?: unknown }).at;
  return typeof at === 'number' && Number.isFinite(at) ? { at } : {};
};

/** Turns what the machine did into the rows of one turn. Pure. */
export function buildTurn(
  ctx: TurnContext,
  event: { type: string },
  outcome: TurnOutcome,
): BuiltTurn {
  const base = {
    tenant: ctx.tenant,
    schema: ctx.schema,
    shard: ctx.shard,
    epoch: ctx.epoch,
    threadKey: ctx.threadKey,
    inboxId: ctx.inboxId,
  };
  if (outcome.kind === 'machine_error') {
    const write: TurnWrite = {
      ...base,
      inboxStatus: 'dead',
      inboxError: `machine_error: ${outcome.error ?? 'unknown'}`.slice(0, 2000),
      outbox: [],
      timersSet: [],
      timersCancel: [],
      messages: [],
    };
    return { write, replies: [], callsOpened: 0 };
  }
  const { outbox, timers, messages, replies, callsOpened } = sortEffects(
    ctx,
    outcome.effects,
    sentAt(event),
  );
  const write: TurnWrite = {
    ...base,
    inboxStatus: 'processed',
    journal: {
      seq: ctx.seq,
      eventType: event.type,
      event,
      stateBefore: outcome.stateBefore,
      stateAfter: outcome.stateAfter,
      effects: outcome.effects,
      outcome: outcome.kind,
    },
    snapshot: {
      machine: ctx.machine,
      version: ctx.version,
      snapshot: outcome.persisted,
      stateValue: outcome.stateAfter,
      seq: ctx.seq,
    },
    outbox,
    timersSet: [...timers.values()].filter((t): t is TimerWrite => t !== null),
    timersCancel: [...timers.entries()].filter(([, t]) => t === null).map(([k]) => k),
    messages,
  };
  return { write, replies, callsOpened };
}

/** The machine's effects, as the rows they become (timers: the last word per key wins). */
function sortEffects(ctx: TurnContext, effects: readonly Effect[], at: { at?: number }) {
  const outbox: OutboxWrite[] = [];
  const timers = new Map<string, TimerWrite | null>();
  const messages: ThreadMessageWrite[] = [];
  const replies: OutboundMessage[] = [];
  let callsOpened = 0;
  effects.forEach((effect, i) => {
    const key = `${ctx.tenant}:${ctx.threadKey}:${ctx.seq}:${i}`;
    switch (effect.type) {
      case 'reply': {
        // A reply for another channel (a call's copy to WhatsApp) is not the caller's answer.
        if (!effect.channel || effect.channel === ctx.channel) replies.push(effect.message);
        const channel = effect.channel ?? ctx.channel ?? 'simulator';
        // The simulator's caller takes the turn's replies (released after the commit) and the
        // journal records every reply (`effects`), which is where the simulator's readers take
        // the ones no caller waited for (a reminder, an owner's message): an outbox row would only
        // be claimed and marked done (issue 19). Other channels' replies keep their row.
        if (channel === 'simulator') break;
        outbox.push({
          kind: 'message.send',
          payload: { channel, message: effect.message, rootEventId: ctx.rootEventId },
          idempotencyKey: key,
        });
        break;
      }
      case 'call':
        callsOpened++;
        outbox.push({
          kind: effect.kind,
          payload: { ...effect.payload, rootEventId: ctx.rootEventId },
          idempotencyKey: key,
        });
        break;
      case 'timer.set':
        timers.set(effect.key, {
          key: effect.key,
          fireAt: effect.fireAt,
          event: { ...effect.event },
        });
        break;
      case 'timer.cancel':
        timers.set(effect.key, null);
        break;
      case 'thread.send':
        messages.push(...threadMessages(ctx, effect, key, at));
        break;
    }
  });
  return { outbox, timers, messages, replies, callsOpened };
}

/** A message to another thread (or to every admin thread of the tenant), durable in its inbox. */
function threadMessages(
  ctx: TurnContext,
  effect: Extract<Effect, { type: 'thread.send' }>,
  key: string,
  at: { at?: number },
): ThreadMessageWrite[] {
  const targets =
    'threadKey' in effect.to
      ? [{ threadKey: effect.to.threadKey, customerId: customerIdOf(effect.to.threadKey) }]
      : ctx.adminThreads;
  return targets.map((t, j) => ({
    threadKey: t.threadKey,
    kind: threadKindOf(t.threadKey),
    customerId: t.customerId,
    shard: shardOf(ctx.tenant, t.threadKey, ctx.shardCount),
    eventId: `msg:${key}:${j}`,
    source: 'thread',
    // Regression: relays reached the admin thread without `at` (escalation timer NaN).
    event: { ...at, ...effect.event, fromThread: ctx.threadKey },
  }));
}
