/**
 * "What was not heard is recorded as not heard", in the edge cases of AgentCall (issue 14): the
 * greeting cut off by the caller, a reply cut off before any of its audio played, and a reply the
 * thread produced after the caller hung up. Each is recorded `heard: 'no'` in the transcript and
 * reported to the thread through the bridge's `unheard`; nothing throws.
 */
import { initializeLogger } from '@livekit/agents';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SynthesisOptions, TextToSpeech, TurnResult } from '../ports';
import { agentLines, answered, final, hangUp, setup } from '../testing/agent-call-kit';
import { text } from '../testing/fakes';

beforeAll(() =>
  initializeLogger({ pretty: false, level: (process.env.LKLOG as 'silent') ?? 'silent' }),
);

const GREETING = 'Hello, Salon Ratiba. We braid, cut and colour hair. How can we help you today?';

/** A TTS that can hold its audio back: while `held`, requests wait (aborting ends them quietly). */
class HeldTts implements TextToSpeech {
  readonly name = 'held';
  readonly asked: string[] = [];
  held = false;
  constructor(private readonly tts: TextToSpeech) {}
  async *synthesize(t: string, options: SynthesisOptions, signal: AbortSignal) {
    this.asked.push(t);
    const frames = this.tts.synthesize(t, options, signal);
    while (this.held && !signal.aborted) await new Promise((r) => setTimeout(r, 5));
    if (!signal.aborted) yield* frames;
  }
}

describe('what the caller did not hear', () => {
  it('the greeting cut off by the caller: its rest is recorded and reported as not heard', async () => {
    const x = setup(() => ({ status: 'ok', replies: [text('Sure.')] }), [text(GREETING)]);
    // 100 ms a word: the caller cuts in 250 ms into the second sentence (6 words, 600 ms): by
    // its letters, "We braid," (8 of 25) was heard, "cut" (ends at 11) was not.
    x.speaker.holdAtMs = 3 * 100 + 2.5 * 100;
    await x.call.start({ input: x.mic, output: x.speaker });
    await expect.poll(() => x.speaker.positionMs, { timeout: 5_000 }).toBe(x.speaker.holdAtMs);
    x.stt.push({ type: 'speech_started' });
    x.stt.push({ type: 'interim', text: 'hi' });
    await expect.poll(() => x.speaker.clears.length, { timeout: 5_000 }).toBeGreaterThan(0);
    x.speaker.holdAtMs = null;
    await expect
      .poll(() => agentLines(x.call), { timeout: 5_000 })
      .toEqual([
        'partly: Hello, Salon Ratiba. We braid,',
        'no: cut and colour hair. How can we help you today?',
      ]);
    expect(x.bridge.unheardTexts).toEqual(['cut and colour hair. How can we help you today?']);
    await hangUp(x);
  }, 20_000);

  it('a reply cut off before any of its audio played is recorded and reported whole as not heard', async () => {
    const reply = 'Friday at ten is free. Shall I book it?';
    let tts!: HeldTts;
    const x = setup(
      ({ seq }) => ({ status: 'ok', replies: [text(seq === 1 ? reply : 'Saturday, then.')] }),
      undefined,
      (t) => (tts = new HeldTts(t)),
    );
    await answered(x);
    tts.held = true;
    for (const e of final('is friday free')) x.stt.push(e);
    await expect.poll(() => tts.asked, { timeout: 5_000 }).toContain('Friday at ten is free.');
    // The caller speaks just as the TTS starts: not one frame of the reply was played.
    x.stt.push({ type: 'speech_started' });
    x.stt.push({ type: 'interim', text: 'actually' });
    await expect
      .poll(() => agentLines(x.call), { timeout: 5_000 })
      .toEqual(['yes: Hello, Salon Ratiba.', `no: ${reply}`]);
    expect(x.bridge.unheardTexts).toEqual([reply]);
    await hangUp(x);
  }, 20_000);

  it('a reply that comes after the hang-up is never synthesized, recorded and reported as not heard', async () => {
    const x = setup(
      () =>
        new Promise<TurnResult>((r) =>
          setTimeout(() => r({ status: 'ok', replies: [text('Booked.')] }), 500),
        ),
    );
    await answered(x);
    for (const e of final('book it')) x.stt.push(e);
    await expect.poll(() => x.bridge.said, { timeout: 5_000 }).toHaveLength(1);
    await hangUp(x);
    await expect.poll(() => agentLines(x.call), { timeout: 5_000 }).toContain('no: Booked.');
    expect(x.bridge.unheardTexts).toEqual(['Booked.']);
    await new Promise((r) => setTimeout(r, 300));
    expect(x.spoken('Booked.')).toBeUndefined();
    expect(x.bridge.ended).toEqual(['hangup']);
    expect(x.errors).toEqual([]);
  }, 20_000);
});
