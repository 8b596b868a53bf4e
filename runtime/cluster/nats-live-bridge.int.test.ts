import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NatsConnection } from '@nats-io/nats-core';
import { LiveFeed, type LiveTurn } from '../console/live-feed';
import liveTurn from '../../test-support/fixtures/live-turn.json';
import { createLogger } from '../logger';
import { natsLiveBridge } from './nats-live-bridge';

const NATS = process.env.TEST_NATS_URL ?? '127.0.0.1:4222';
const log = createLogger({ level: 'silent', logPii: false });
let a: NatsConnection;
let b: NatsConnection;

beforeAll(async () => {
  a = await connect({ servers: NATS });
  b = await connect({ servers: NATS });
});
afterAll(async () => {
  await a.close();
  await b.close();
});

/** A committed turn of `tenant`'s thread c:1. */
const turn = (tenant: string, seq: number) => ({ ...liveTurn, tenant, seq });

describe('live feed across processes', () => {
  it("delivers a turn committed on one process to the other's subscribers, once", async () => {
    const tenant = `t${Date.now()}`;
    const feedA = new LiveFeed('node-a');
    const feedB = new LiveFeed('node-b');
    feedA.connect(natsLiveBridge(a, 'node-a', log));
    feedB.connect(natsLiveBridge(b, 'node-b', log));
    await a.flush();
    await b.flush();
    const seenB: LiveTurn[] = [];
    const seenA: LiveTurn[] = [];
    feedB.subscribe(tenant, (t) => seenB.push(t));
    feedA.subscribe(tenant, (t) => seenA.push(t));
    feedA.publish(turn(tenant, 1));
    await a.flush();
    await new Promise((r) => setTimeout(r, 200));
    expect(seenB.map((t) => [t.node, t.seq])).toEqual([['node-a', 1]]);
    // The publisher's own subscribers got it locally, not a second time from NATS.
    expect(seenA.map((t) => [t.node, t.seq])).toEqual([['node-a', 1]]);
    feedA.close();
    feedB.close();
  });
});
