import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parserReader } from './testing/reader';
import { startFakeDeepgramLive, type FakeDeepgramLive } from '../adapters/deepgram/testing';
import { toFrames } from './audio';
import { CallSession } from './call-session';
import { DeepgramStt } from './deepgram-stt';
import { createLanguageDetector } from './language';
import { systemClock } from './ports';
import { createChoiceMatcher } from './spoken-choice';
import { collect, FakeBridge, FakeOutput, FakeTts, settle, text } from './testing/fakes';

let dg: FakeDeepgramLive;
beforeAll(async () => {
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

  it("interim words from Deepgram barge in on the agent's speech", async () => {
    dg.script([{ words: 'no wait stop', audioMs: 800 }]);
    const output = new FakeOutput(systemClock);
    const bridge = new FakeBridge(
      () => ({ status: 'ok', replies: [text('Okay.')] }),
      [text('Welcome to the salon. '.repeat(10))],
    );
    const session = new CallSession({
      call: { tenant: 'demo', from: '+254700000001', callId: 'dg-1' },
      bridge,
      tts: new FakeTts(systemClock, 300),
      output,
      matcher: createChoiceMatcher({ read: parserReader('Africa/Nairobi', () => Date.now()) }),
      detectLanguage: createLanguageDetector(parserReader()),
      clock: systemClock,
    });
    void session.start();
    await new Promise((r) => setTimeout(r, 100));
    const s = new DeepgramStt({ apiKey: 'dg-test-key', baseUrl: dg.url }).stream({
      languages: ['en'],
    });
    const pump = (async () => {
      for await (const e of s.events) session.handle(e);
    })();
    for (const f of audio(800)) s.push(f);
    s.end();
    await pump;
    await settle();
    expect(output.clears.length).toBeGreaterThanOrEqual(1);
    expect(session.timings.bargeIn[0]).toBeLessThan(50);
    expect(bridge.said.map((t) => t.text)).toEqual(['no wait stop']);
    await session.hangUp();
  });
});
