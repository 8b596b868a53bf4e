import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import type { AdminCommand, Effect, ThreadInput } from '../../contract';
import { adminThreadMachine } from './admin-thread-machine';
import type { AdminThreadEvent } from './types';

/**
 * Test helpers for the admin thread: the owner's thread input and an `Owner` that drives the
 * machine with the pure `initialTransition` / `transition` functions, one second a turn, and
 * keeps the effects each turn emitted. Used by the tests beside it only.
 */

export type Snap = SnapshotFrom<typeof adminThreadMachine>;
/** Wednesday 18 November 2026, 10:00 in Nairobi. */
export const T0 = Date.parse('2026-11-18T10:00:00+03:00');
export const input: ThreadInput = {
  tenant: 'demo',
  threadKey: 'a:1',
  kind: 'admin',
  customerId: 1,
  timezone: 'Africa/Nairobi',
  settings: {},
};
const emitted = (actions: { type: string; params?: unknown }[]): Effect[] =>
  actions.filter((a) => a.type === 'xstate.emit').map((a) => (a.params as { event: Effect }).event);
export const texts = (effects: Effect[]) =>
  effects.flatMap((e) => (e.type === 'reply' ? [e.message.text] : []));

export class Owner {
  snapshot: Snap;
  at = T0;
  effects: Effect[] = [];
  constructor() {
    this.snapshot = initialTransition(adminThreadMachine, input)[0];
  }
  send(event: Record<string, unknown> & { type: string }): Effect[] {
    this.at += 1000;
    const [s, actions] = transition(adminThreadMachine, this.snapshot, {
      at: this.at,
      ...event,
    } as AdminThreadEvent);
    this.snapshot = s;
    this.effects = emitted(actions);
    return this.effects;
  }
  say(text: string, command: AdminCommand, language: 'en' | 'sw' = 'en') {
    return this.send({ type: 'message', channel: 'whatsapp', text, admin: { language, command } });
  }
  /** A tap on a button (or a list row) with that id, in `language`. */
  tap(id: string, title = id, language: 'en' | 'sw' = 'en') {
    return this.send({
      type: 'message',
      channel: 'whatsapp',
      text: title,
      replyId: id,
      admin: { language, command: { type: 'unknown' } },
    });
  }
  result(kind: string, result: unknown) {
    return this.send({ type: 'call.result', kind, result });
  }
  get state() {
    return this.snapshot.value as string;
  }
}
