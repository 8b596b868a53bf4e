import { initializeLogger } from '@livekit/agents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parserReader } from './testing/reader';
import { startFakeDeepgramLive, type FakeDeepgramLive } from '../adapters/deepgram/testing';
import { toFrames } from './audio';
import { DeepgramStt } from './deepgram-stt';
import { AgentCall } from './livekit/agent-call';
import { systemClock } from './ports';
import { Mic, Speaker } from './testing/agent-io';
import { collect, DEMO_ROUTE, FakeBridge, FakeTts, text } from './testing/fakes';

let dg: FakeDeepgramLive;
beforeAll(async () => {
  initializeLogger({ pretty: false, level: 'silent' });
  dg = await startFakeDeepgramLive({ apiKey: 'dg-test-key' });
});
afterAll(() => dg.close());

/** `ms` of 16 kHz audio that is not silence. */
const audio = (ms: number) => toFrames(new Int16Array(16 * ms).fill(3000), 16_000);

describe('Deepgram streaming STT (the real SDK against a fake live server)', () => {
  it('turns live results into speech_started, interim and one final per utterance', async () => {
    dg.script([
      { words: 'i want box braids on friday', audioMs: 1_200 },
      { words: 'the second one', audioMs: 600 },
    ]);
    const stt = new DeepgramStt({ apiKey: 'dg-test-key', baseUrl: dg.url });
    const s = stt.stream({ languages: ['en'] });
    const all = collect(s.events);
    for (const f of [...audio(1_200), ...audio(600)]) s.push(f);
    s.end();
    const events = await all;
    expect(events.filter((e) => e.type !== 'interim')).toEqual([
      { type: 'speech_started' },
      { type: 'speech_ended' },
      { type: 'final', text: 'i want box braids on friday', speechMs: 1_200, language: 'en' },
      { type: 'speech_started' },
      { type: 'speech_ended' },
      { type: 'final', text: 'the second one', speechMs: 600, language: 'en' },
    ]);
    expect(events).toContainEqual({ type: 'interim', text: 'i want box' });
    const params = dg.connections.at(-1)!;
    expect(Object.fromEntries(params)).toMatchObject({
      model: 'nova-3',
      language: 'en',
      encoding: 'linear16',
      sample_rate: '16000',
      interim_results: 'true',
      vad_events: 'true',
    });
    expect(dg.receivedMs.at(-1)).toBe(1_800);
  });

  it('several tenant languages ask for multilingual recognition', async () => {
    dg.script([{ words: 'nataka kusuka', audioMs: 400 }]);
    const s = new DeepgramStt({ apiKey: 'dg-test-key', baseUrl: dg.url }).stream({
      languages: ['en', 'sw'],
    });
    const all = collect(s.events);
    for (const f of audio(400)) s.push(f);
    s.end();
    const finals = (await all).filter((e) => e.type === 'final');
    expect(finals).toEqual([{ type: 'final', text: 'nataka kusuka', speechMs: 400 }]);
    expect(dg.connections.at(-1)!.get('language')).toBe('multi');
  });

  it('a wrong key ends the stream with an error, never a throw at the caller', async () => {
    const errors: unknown[] = [];
    const s = new DeepgramStt({
      apiKey: 'wrong',
      baseUrl: dg.url,
      onError: (e) => errors.push(e),
    }).stream({ languages: ['en'] });
    s.push(audio(20)[0]!);
    s.end();
    expect(await collect(s.events)).toEqual([]);
    expect(errors.length).toBeGreaterThan(0);
  });

  it("interim words from Deepgram barge in on the agent's speech (on the AgentSession)", async () => {
    // The caller's line is heard from the first frame: a question after 0.8 s of it, then words
    // "recognised" after 3 s more (their interim half at 1.5 s). Our reply stalls 1 s in, so
    // only the interim words can stop it.
    dg.script([
      { words: 'what do you have', audioMs: 800 },
      { words: 'no wait stop please', audioMs: 3_000 },
    ]);
    const tts = new FakeTts(systemClock, 100);
    const bridge = new FakeBridge(
      ({ seq }) => ({
        status: 'ok',
        replies: [text(seq === 1 ? 'We do haircuts and braids. '.repeat(8) : 'Okay.')],
      }),
      [text('Hello.')],
    );
    const errors: string[] = [];
    const call = new AgentCall(
      { tenant: 'demo', from: '+254700000001', callId: 'dg-1' },
      DEMO_ROUTE,
      {
        bridge,
        voices: {
          stt: () => new DeepgramStt({ apiKey: 'dg-test-key', baseUrl: dg.url }),
          tts,
          voices: {},
        },
        read: parserReader(),
        onError: (err, where) => errors.push(`${where}: ${String(err)}`),
      },
    );
    const mic = new Mic();
    const speaker = new Speaker();
    speaker.holdAtMs = 1_000;
    await call.start({ input: mic, output: speaker });
    const caller = () => call.transcript.filter((e) => e.who === 'caller')[1];
    await expect.poll(caller, { timeout: 10_000 }).toMatchObject({ text: 'no wait stop please' });
    // The greeting was stopped on the interim words, before the final transcript came.
    expect(speaker.clears.length).toBeGreaterThanOrEqual(1);
    expect(speaker.clears[0]).toBeLessThan(caller()!.at);
    expect(call.timings.bargeIn).toHaveLength(1);
    await expect.poll(() => bridge.unheardTexts, { timeout: 5_000 }).toHaveLength(1);
    const agent = call.transcript.flatMap((e) => (e.who === 'agent' ? [e.heard] : []));
    expect(agent.slice(0, 3)).toEqual(['yes', 'partly', 'no']);
    expect(bridge.said.map((t) => t.text)).toEqual(['what do you have', 'no wait stop please']);
    mic.stop();
    await call.hangUp();
    expect(errors).toEqual([]);
  }, 20_000);
});
