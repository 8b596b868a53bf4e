import { describe, expect, it } from 'vitest';
import type { TurnInfo } from '../supervisor/supervisor';
import { LiveFeed, type LiveFeedBridge, type LiveTurn } from './live-feed';

const turn = (tenant: string, seq = 1): TurnInfo => ({
  tenant,
  threadKey: 'c:1',
  shard: 3,
  seq,
  eventType: 'message',
  outcome: 'applied',
  stateValue: 'idle',
  machine: 'probe-thread',
  at: 1000,
});

describe('LiveFeed', () => {
  it('delivers a tenant turn to that tenant and to all-tenant subscribers only', () => {
    const feed = new LiveFeed('node-a');
    const demo: LiveTurn[] = [];
    const other: LiveTurn[] = [];
    const all: LiveTurn[] = [];
    const off = feed.subscribe('demo', (t) => demo.push(t));
    feed.subscribe('other', (t) => other.push(t));
    feed.subscribe(null, (t) => all.push(t));
    feed.publish(turn('demo'));
    expect(demo).toEqual([{ ...turn('demo'), node: 'node-a' }]);
    expect(other).toEqual([]);
    expect(all).toHaveLength(1);
    off();
    feed.publish(turn('demo', 2));
    expect(demo).toHaveLength(1);
    expect(feed.subscribers).toBe(2);
  });

  it('keeps delivering when one listener throws', () => {
    const feed = new LiveFeed('n');
    const got: number[] = [];
    feed.subscribe('demo', () => {
      throw new Error('socket closed');
    });
    feed.subscribe('demo', (t) => got.push(t.seq));
    feed.publish(turn('demo'));
    expect(got).toEqual([1]);
  });

  it('sends local turns through a bridge and delivers remote ones', () => {
    const sent: LiveTurn[] = [];
    let remote: ((t: LiveTurn) => void) | undefined;
    let stopped = false;
    const bridge: LiveFeedBridge = {
      publish: (t) => sent.push(t),
      start: (deliver) => {
        remote = deliver;
        return () => (stopped = true);
      },
    };
    const feed = new LiveFeed('a');
    feed.connect(bridge);
    const got: string[] = [];
    feed.subscribe('demo', (t) => got.push(t.node));
    feed.publish(turn('demo'));
    remote!({ ...turn('demo', 2), node: 'b' });
    expect(got).toEqual(['a', 'b']);
    expect(sent.map((t) => t.node)).toEqual(['a']);
    feed.close();
    expect(stopped).toBe(true);
  });
});
