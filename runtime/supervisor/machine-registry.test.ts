import { describe, expect, it } from 'vitest';
import { probeThread } from '../../machines';
import { MachineRegistry } from './machine-registry';
import { ThreadActor } from './thread-actor';
import { shardOf, threadKeyFor, customerIdOf } from './thread-key';

const registry = new MachineRegistry([probeThread], {
  customer: 'probe-thread',
  admin: 'probe-thread',
});
const input = {
  tenant: 'demo',
  threadKey: 'c:1',
  kind: 'customer' as const,
  customerId: 1,
  timezone: 'Africa/Nairobi',
  settings: {},
};

describe('machine registry', () => {
  it('upgrades old snapshots through each migration and refuses unknown versions', () => {
    const v1 = {
      status: 'active',
      value: 'idle',
      historyValue: {},
      context: { threadKey: 'c:1', count: 1, lastText: null, reminders: 0 },
      children: {},
    };
    const up = registry.upgrade(probeThread, 1, v1) as { context: { relayed: unknown[] } };
    expect(up.context.relayed).toEqual([]);
    expect(() => registry.upgrade(probeThread, 3, v1)).toThrow(/version 3/);
    expect(() => registry.upgrade(probeThread, 0, v1)).toThrow(/snapshot/);
  });

  it('refuses to host an unregistered default machine', () => {
    expect(
      () => new MachineRegistry([probeThread], { customer: 'nope', admin: 'probe-thread' }),
    ).toThrow(/no machine named nope/);
  });
});

describe('thread actor', () => {
  it('reports a throwing action as a machine error without throwing', () => {
    const actor = ThreadActor.create(probeThread, input);
    const out = actor.run({ type: 'message', at: 1, channel: 'simulator', text: 'boom' } as never);
    expect(out.kind).toBe('machine_error');
    expect(out.error).toMatch(/asked to fail/);
  });

  it('reports an event the machine does not accept as ignored, with the state unchanged', () => {
    const actor = ThreadActor.create(probeThread, input);
    const out = actor.run({ type: 'reminder', at: 1 });
    expect(out).toMatchObject({
      kind: 'ignored',
      effects: [],
      stateBefore: 'idle',
      stateAfter: 'idle',
    });
  });
});

describe('thread keys and shards', () => {
  it('maps a thread to a stable shard in range', () => {
    const key = threadKeyFor('customer', 42);
    expect(key).toBe('c:42');
    expect(customerIdOf(key)).toBe(42);
    expect(shardOf('demo', key, 256)).toBe(shardOf('demo', key, 256));
    const shards = new Set(Array.from({ length: 2000 }, (_, i) => shardOf('demo', `c:${i}`, 16)));
    expect(shards.size).toBe(16);
  });
});
