import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callPanelClient } from '../../test-support/call-panel-kit';
import { getJson, postJson } from '../../test-support/console-test-kit';
import { startChannelEnv, type ChannelEnv } from '../../test-support/channel-test-kit';
import { callerSpeech, decodeWav, encodeWav } from '../../voice';

/**
 * The console's "call as a customer" panel over HTTP: a call through the whole pipeline (typed
 * words and recorded audio through pocketsphinx, the caller's thread, espeak-ng speaking back),
 * live in the console as a `voice` thread, and the clear 4xx of everything malformed.
 */
let env: ChannelEnv;

beforeAll(async () => {
  env = await startChannelEnv();
});
afterAll(async () => {
  await env?.stop();
});

const post = (path: string, body: unknown) => callPanelClient(env.rt.http.url).post(path, body);

/** The agent's audio of a turn: a real recording with sound in it. */
function expectSpeech(audio: string | null): void {
  expect(audio).not.toBeNull();
  const wav = decodeWav(Buffer.from(audio!, 'base64'));
  expect(wav.sampleRate).toBe(22_050);
  expect(wav.samples.length / wav.sampleRate).toBeGreaterThan(0.5);
  expect(wav.samples.some((s) => Math.abs(s) > 1000)).toBe(true);
}

describe('console call panel', () => {
  it('dials, talks by text and by voice, shows live as a voice thread, and hangs up', async () => {
    const from = '+254712700001';
    const dial = await post('', { from });
    expect(dial.status).toBe(201);
    const callId = dial.body.callId;
    expect(dial.body.transcript[0]).toMatchObject({ who: 'agent', heard: 'yes' });
    expectSpeech(dial.body.audio);

    const typed = await post(`/${callId}/turns`, { text: 'I want a haircut' });
    expect(typed.status).toBe(200);
    expect(typed.body.heard).toBe('I want a haircut');
    expect(typed.body.transcript[0]).toMatchObject({ who: 'caller', text: 'I want a haircut' });
    expect(
      typed.body.transcript
        .slice(1)
        .map((e) => e.text)
        .join(' '),
    ).toMatch(/Say one for Wanjiku, two for Baraka, or three for Anyone\./);
    expectSpeech(typed.body.audio);

    // The caller's voice (espeak-ng, another voice, as a browser's recording would be WAV).
    const said = await callerSpeech('number one');
    const spoken = await post(`/${callId}/turns`, { audio: encodeWav(said).toString('base64') });
    expect(spoken.status).toBe(200);
    expect(spoken.body.heard).toMatch(/\bone$/);
    expect(spoken.body.transcript[0]).toMatchObject({ who: 'caller', choice: 1 });
    expectSpeech(spoken.body.audio);

    // Live in the console: the caller's thread, on channel voice, with the call in its journal.
    const list = await getJson(`${env.rt.http.url}/api/tenants/demo/threads`);
    const threads = list.body.threads as { threadKey: string; channel: string; customer: string }[];
    const mine = threads.find((t) => t.customer.endsWith('001') && t.channel === 'voice');
    expect(mine).toBeDefined();
    const journal = await getJson(
      `${env.rt.http.url}/api/tenants/demo/threads/${mine!.threadKey}/journal?reveal=1`,
    );
    const events = (journal.body.entries as { event: { type: string; text?: string } }[]).map(
      (e) => e.event,
    );
    expect(events.map((e) => e.type)).toContain('call.started');
    expect(events.map((e) => e.text)).toContain('I want a haircut');

    const bye = await post(`/${callId}/hangup`, {});
    expect(bye.status).toBe(200);
    expect(bye.body.ended).toBe(true);
    expect((await post(`/${callId}/turns`, { text: 'hello?' })).status).toBe(404);
  }, 90_000);

  it('refuses what is malformed with a clear 4xx and loses no call', async () => {
    expect((await post('', { from: 'not a phone' })).body).toMatchObject({ error: 'bad_request' });
    expect((await post('', {})).status).toBe(400);
    expect((await post('/panel-nope/turns', { text: 'hi' })).status).toBe(404);
    const wrongTenant = await postJson(`${env.rt.http.url}/api/tenants/nope/calls`, {
      from: '+254712700002',
    });
    expect(wrongTenant.status).toBe(404);

    const dial = await post('', { from: '+254712700002' });
    const id = dial.body.callId;
    expect((await post(`/${id}/turns`, { text: '   ' })).status).toBe(400);
    expect((await post(`/${id}/turns`, { text: 'hi', audio: 'x' })).status).toBe(400);
    const garbage = await post(`/${id}/turns`, {
      audio: Buffer.from('not audio').toString('base64'),
    });
    expect(garbage.status).toBe(400);
    expect(garbage.body.error).toBe('bad_request');
    // Two utterances at once: the second waits its turn (409), the first is answered.
    const [a, b] = await Promise.all([
      post(`/${id}/turns`, { text: 'I want a manicure' }),
      post(`/${id}/turns`, { text: 'hello' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    // The call still works after all of that.
    expect((await post(`/${id}/turns`, { text: 'one' })).status).toBe(200);
    expect((await post(`/${id}/hangup`, {})).status).toBe(200);
  }, 90_000);
});
