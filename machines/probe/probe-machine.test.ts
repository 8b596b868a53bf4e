import { readFileSync } from 'node:fs';
import { createActor, initialTransition, transition } from 'xstate';
import { describe, expect, it } from 'vitest';
import type { Effect, ThreadInput } from '../../contract/thread';
import { probeMachine, probeThread } from './probe-machine';

const input: ThreadInput = {
  tenant: 'demo',
  threadKey: 'c:1',
  kind: 'customer',
  customerId: 1,
  timezone: 'Africa/Nairobi',
  settings: {},
};
const msg = (text: string, at = 1_000) => ({
  type: 'message' as const,
  channel: 'simulator' as const,
  text,
  at,
});
const emitted = (actions: { type: string; params?: unknown }[]) =>
  actions.filter((a) => a.type === 'xstate.emit').map((a) => (a.params as { event: Effect }).event);

describe('probe machine', () => {
  it('sets a durable timer from the event time, not the clock', () => {
    const [s0] = initialTransition(probeMachine, input);
    const [s1, actions] = transition(probeMachine, s0, msg('remind 5', 10_000));
    expect(s1.value).toBe('waiting');
    expect(emitted(actions)).toEqual([
      { type: 'timer.set', key: 'reminder', fireAt: 15_000, event: { type: 'reminder' } },
      { type: 'reply', message: { kind: 'text', text: 'ok, reminder set' } },
    ]);
  });

  it('persists to JSON and restores to the same behaviour', () => {
    const a = createActor(probeMachine, { input }).start();
    a.send(msg('hi'));
    a.send(msg('remind 5'));
    const json = JSON.parse(JSON.stringify(a.getPersistedSnapshot())) as unknown;
    const b = createActor(probeMachine, { input, snapshot: json as never }).start();
    const out: Effect[] = [];
    b.on('*', (e) => out.push(e));
    b.send({ type: 'reminder', at: 2_000 });
    expect(b.getSnapshot().value).toBe('idle');
    expect(b.getSnapshot().context.count).toBe(2);
    expect(out).toEqual([{ type: 'reply', message: { kind: 'text', text: 'reminder!' } }]);
  });

  it('migrates a version 1 snapshot from the corpus and carries on', () => {
    const v1 = JSON.parse(
      readFileSync(new URL('./fixtures/probe-thread.v1.json', import.meta.url), 'utf8'),
    ) as unknown;
    const step = probeThread.migrations[1]!;
    const v2 = step(v1) as { context: { relayed: string[]; count: number } };
    expect(v2.context.relayed).toEqual([]);
    const actor = createActor(probeMachine, { input, snapshot: v2 as never }).start();
    actor.send({ type: 'relay', text: 'hello', fromThread: 'c:2', at: 1 });
    actor.send({ type: 'reminder', at: 2 });
    expect(actor.getSnapshot().context).toMatchObject({
      count: 3,
      reminders: 2,
      relayed: ['hello'],
    });
    expect(actor.getSnapshot().value).toBe('idle');
  });
});
