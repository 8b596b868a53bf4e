import { describe, expect, it } from 'vitest';
import { parserReader } from './testing/reader';
import { CallSession, type CallSessionOptions } from './call-session';
import { createLanguageDetector } from './language';
import { createChoiceMatcher } from './spoken-choice';
import { after, FakeBridge, FakeOutput, FakeTts, ManualClock, settle, text } from './testing/fakes';

const detect = createLanguageDetector(parserReader());

function setup(options: Partial<CallSessionOptions> = {}) {
  const clock = new ManualClock();
  const tts = new FakeTts(clock, 300);
  const output = new FakeOutput(clock);
  const bridge = new FakeBridge();
  const errors: unknown[] = [];
  const session = new CallSession(
    {
      call: { tenant: 'demo', from: '+254712000001', callId: 'c1' },
      bridge,
      tts,
      output,
      matcher: createChoiceMatcher({
        read: parserReader('Africa/Nairobi', () => Date.UTC(2026, 10, 18, 7)),
      }),
      detectLanguage: detect,
      clock,
      onError: (e) => errors.push(e),
    },
    options,
  );
  /** Answers the call and lets the greeting play out. */
  const begin = async () => {
    const started = session.start();
    await clock.advance(5_000);
    await started;
  };
  return { clock, tts, output, bridge, session, errors, begin };
}

const STAFF = {
  kind: 'buttons' as const,
  text: 'Who would you like?',
  buttons: [
    { id: 'staff:wanjiku', title: 'Wanjiku' },
    { id: 'staff:baraka', title: 'Baraka' },
    { id: 'staff:any', title: 'Anyone' },
  ],
};

describe('call session', () => {
  it('speaks the greeting sentence by sentence and the reply to each final transcript', async () => {
    const { clock, tts, bridge, session } = setup();
    bridge.answer = () => ({ status: 'ok', replies: [STAFF] });
    const started = session.start();
    await clock.advance(5_000);
    await started;
    expect(tts.requests.map((r) => r.text)).toEqual(['Hello!', 'How can I help?']);
    session.handle({ type: 'final', text: 'I want a haircut', speechMs: 1600 });
    await clock.advance(10_000);
    expect(bridge.said).toEqual([{ seq: 1, text: 'I want a haircut' }]);
    expect(tts.requests.slice(2).map((r) => r.text)).toEqual([
      'Who would you like?',
      'Say one for Wanjiku, two for Baraka, or three for Anyone.',
    ]);
    // Zero-latency fakes: the first TTS request of the reply goes out at once.
    expect(session.timings.finalToFirstTts).toEqual([0]);
    expect(
      session.transcript.filter((e) => e.who === 'agent').every((e) => e.heard === 'yes'),
    ).toBe(true);
  });

  it('a spoken pick ("the second one", a name) goes to the thread as the button it names', async () => {
    const { clock, bridge, session } = setup();
    bridge.greeting = [STAFF];
    const started = session.start();
    await clock.advance(10_000);
    await started;
    session.handle({ type: 'final', text: 'the second one' });
    await clock.advance(100);
    expect(bridge.said.at(-1)).toEqual({ seq: 1, text: 'the second one', replyId: 'staff:baraka' });
    expect(session.transcript.find((e) => e.who === 'caller')).toMatchObject({ choice: 2 });
  });

  it('speaks a filler in the caller language when the reply is not ready after 700 ms', async () => {
    const { clock, tts, bridge, session, begin } = setup();
    bridge.greeting = [];
    bridge.answer = () => after(clock, 2_000, { status: 'ok', replies: [text('Sawa, umepata.')] });
    await begin();
    const before = tts.requests.length;
    session.handle({ type: 'final', text: 'Nataka kusuka Ijumaa' });
    await clock.advance(699);
    expect(tts.requests.length).toBe(before);
    await clock.advance(1);
    expect(tts.requests.at(-1)?.text).toBe('Sawa, dakika moja.');
    expect(session.timings.fillerStart).toEqual([700]);
    await clock.advance(5_000);
    expect(tts.requests.at(-1)?.text).toBe('Sawa, umepata.');
    expect(session.transcript.filter((e) => e.who === 'agent' && e.filler)).toHaveLength(1);
  });

  it('says no filler when the reply comes in time', async () => {
    const { clock, tts, bridge, session, begin } = setup();
    bridge.greeting = [];
    bridge.answer = () => after(clock, 300, { status: 'ok', replies: [text('Sure.')] });
    await begin();
    session.handle({ type: 'final', text: 'book a haircut' });
    await clock.advance(3_000);
    expect(tts.requests.map((r) => r.text).slice(-1)).toEqual(['Sure.']);
    expect(session.timings.fillerStart).toEqual([]);
    expect(session.timings.finalToFirstTts).toEqual([300]);
  });

  it('barge-in: caller words during playback stop our audio at once; the rest is recorded unheard', async () => {
    const { clock, output, bridge, session } = setup();
    bridge.greeting = [
      text('Welcome to Salon Ratiba, we do haircuts braids and nails. What would you like today?'),
    ];
    void session.start();
    await clock.advance(1_000);
    expect(session.isSpeaking).toBe(true);
    session.handle({ type: 'interim', text: 'braids' });
    expect(output.clears).toEqual([1_000]);
    expect(session.timings.bargeIn).toEqual([0]);
    await clock.advance(10);
    expect(session.isSpeaking).toBe(false);
    const agent = session.transcript.filter((e) => e.who === 'agent');
    expect(agent.map((e) => (e.who === 'agent' ? e.heard : null))).toEqual(['partly', 'no']);
    expect(bridge.unheardTexts).toEqual([
      'Welcome to Salon Ratiba, we do haircuts braids and nails. What would you like today?',
    ]);
    // Nothing more is played after the stop.
    const played = output.playedMs;
    await clock.advance(5_000);
    expect(output.playedMs).toBe(played);
  });

  it('barge-in on voice activity alone when configured (an STT without interim words)', async () => {
    const { clock, output, bridge, session } = setup({ bargeInMinWords: 0 });
    bridge.greeting = [text('A long greeting with many many words in it for sure.')];
    void session.start();
    await clock.advance(500);
    session.handle({ type: 'speech_started' });
    expect(output.clears).toEqual([500]);
  });

  it('an interim with no words (noise) does not stop us', async () => {
    const { clock, output, bridge, session } = setup();
    bridge.greeting = [text('A long greeting with many many words in it for sure.')];
    void session.start();
    await clock.advance(500);
    session.handle({ type: 'speech_started' });
    session.handle({ type: 'interim', text: ' ' });
    expect(output.clears).toEqual([]);
  });

  it('adapts the speaking rate to the caller, within bounds', async () => {
    const fast = setup({ rate: { minRate: 0.8, maxRate: 1.2 } });
    fast.bridge.greeting = [];
    fast.bridge.answer = () => ({ status: 'ok', replies: [text('Okay.')] });
    await fast.begin();
    // 12 words in 2.4 s: 300 wpm, twice the base pace: capped at 1.2.
    fast.session.handle({
      type: 'final',
      text: 'I want box braids on friday afternoon with achieng if she is free',
      speechMs: 2_400,
    });
    await fast.clock.advance(2_000);
    expect(fast.tts.requests.at(-1)?.options.rate).toBe(1.2);

    const slow = setup({ rate: { minRate: 0.8, maxRate: 1.2 } });
    slow.bridge.greeting = [];
    slow.bridge.answer = () => ({ status: 'ok', replies: [text('Okay.')] });
    await slow.begin();
    // 6 words in 3 s: 120 wpm -> 0.8.
    slow.session.handle({ type: 'final', text: 'i want a haircut on friday', speechMs: 3_000 });
    await slow.clock.advance(2_000);
    expect(slow.tts.requests.at(-1)?.options.rate).toBe(0.8);
  });

  it('hang-up in the middle of a reply: nothing throws, the reply is unheard, the call ends', async () => {
    const { clock, output, bridge, session, errors, begin } = setup();
    bridge.greeting = [];
    bridge.answer = () => ({
      status: 'ok',
      replies: [text('You are booked for Friday at three. See you then. Thank you for calling.')],
    });
    await begin();
    session.handle({ type: 'final', text: 'yes book it' });
    await clock.advance(400);
    output.close();
    await session.hangUp();
    await clock.advance(5_000);
    expect(bridge.ended).toEqual(['hangup']);
    // After the default greeting ("Hello, how can I help you?"), heard in full:
    const agent = session.transcript.filter((e) => e.who === 'agent').slice(1);
    expect(agent.map((e) => (e.who === 'agent' ? e.heard : null))).toEqual(['partly', 'no', 'no']);
    expect(errors).toEqual([]);
    // Events after the hang-up are ignored, not errors.
    session.handle({ type: 'final', text: 'hello?' });
    await settle();
    expect(bridge.said).toHaveLength(1);
  });

  it('a reply that arrives after the hang-up is recorded as not heard and never synthesized', async () => {
    const { clock, tts, bridge, session, errors, begin } = setup();
    bridge.greeting = [];
    bridge.answer = () => after(clock, 2_000, { status: 'ok', replies: [text('Booked.')] });
    await begin();
    session.handle({ type: 'final', text: 'book it' });
    await clock.advance(100);
    const hung = session.hangUp();
    await clock.advance(3_000);
    await hung;
    expect(tts.requests.map((r) => r.text)).not.toContain('Booked.');
    expect(session.transcript.at(-1)).toMatchObject({ who: 'agent', text: 'Booked.', heard: 'no' });
    expect(errors).toEqual([]);
  });

  it('a bridge failure is spoken around, not thrown', async () => {
    const { clock, tts, bridge, session, errors, begin } = setup();
    bridge.greeting = [];
    bridge.answer = () => Promise.reject(new Error('database down'));
    await begin();
    session.handle({ type: 'final', text: 'hello' });
    await clock.advance(2_000);
    expect(errors).toHaveLength(1);
    expect(tts.requests.length).toBeGreaterThanOrEqual(1);
  });
});
