import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChannelEnv, type ChannelEnv } from '../../test-support/channel-test-kit';
import { startNatsServer, type TestNatsServer } from '../../test-support/nats-server';
import { NatsVoiceClient, VOICE_SUBJECTS } from '../../voice';

let nats: TestNatsServer;
let env: ChannelEnv;
let nc: NatsConnection;

beforeAll(async () => {
  nats = await startNatsServer();
  env = await startChannelEnv((f) => f, { NATS_URL: nats.url });
  nc = await connect({ servers: nats.url });
});
afterAll(async () => {
  await nc?.close();
  await env?.stop();
  await nats?.close();
});

describe('the voice gateway (the LiveKit worker -> any node, over NATS)', () => {
  it('routes a dialled number to its tenant (channels.voice), any way it is written', async () => {
    const client = new NatsVoiceClient(nc);
    const route = await client.route('+254709000100');
    expect(route).toMatchObject({
      tenant: 'demo',
      timezone: 'Africa/Nairobi',
      languages: ['en', 'sw'],
      voices: {},
    });
    expect(route!.vocabulary.services).toContain('Haircut');
    expect(route!.vocabulary.services).toContain('Kusuka');
    expect(await client.route('0709000100')).toMatchObject({ tenant: 'demo' });
    expect(await client.route('+254700999999')).toBeNull();
    expect(await client.route('not a number')).toBeNull();
  });

  it("writes the call's turns to the caller's thread as voice events and answers with the replies", async () => {
    const client = new NatsVoiceClient(nc);
    const call = { tenant: 'demo', from: '+254712777001', callId: 'lk-gw-1' };
    expect((await client.start(call)).status).toBe('ok');
    const r = await client.say(call, { seq: 1, text: 'I want a haircut tomorrow' });
    expect(r.status).toBe('ok');
    expect(r.replies.length).toBeGreaterThan(0);
    await client.end(call, { reason: 'hangup' });
    const { rows } = await env.t.db.query<{ event_id: string; channel: string | null }>(
      `SELECT event_id, event->>'channel' AS channel FROM t_demo.inbox
        WHERE event_id LIKE 'voice:lk-gw-1:%' ORDER BY id`,
    );
    expect(rows.map((x) => x.event_id)).toEqual([
      'voice:lk-gw-1:start',
      'voice:lk-gw-1:1',
      'voice:lk-gw-1:end',
    ]);
    expect(rows[1]!.channel).toBe('voice');
  });

  it('answers a malformed request with a clear error (nothing written)', async () => {
    const m = await nc.request(VOICE_SUBJECTS.turn, JSON.stringify({ op: 'say', call: {} }), {
      timeout: 5_000,
    });
    const a = m.json<{ ok: boolean; error: string; message: string }>();
    expect(a).toMatchObject({ ok: false, error: 'bad_request' });
    expect(a.message).toMatch(/call\.tenant/);
    await expect(
      new NatsVoiceClient(nc).say(
        { tenant: 'nope', from: '+254712777002', callId: 'lk-gw-2' },
        { seq: 1, text: 'hello' },
      ),
    ).rejects.toThrow(/unknown_tenant/);
  });
});
