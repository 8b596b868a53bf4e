/**
 * The call on LiveKit Agents' real `AgentSession`, with audio input and output of our own (no
 * LiveKit server): the session's turns reach the thread through the bridge, its TTS requests
 * carry the tenant voice and language, its interruption handling is our barge-in, and the
 * filler / not-heard / hang-up features ride on its hooks.
 */
import { initializeLogger } from '@livekit/agents';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TurnResult } from '../ports';
import { agentLines, answered, final, hangUp, setup } from '../testing/agent-call-kit';
import { text } from '../testing/fakes';

beforeAll(() =>
  initializeLogger({ pretty: false, level: (process.env.LKLOG as 'silent') ?? 'silent' }),
);

const LONG =
  'We have Friday at ten, Friday at two, or Saturday morning at nine with Wanjiku or Baraka.';

describe('a call on the AgentSession', () => {
  it('sends the final transcript to the thread and speaks its reply in the tenant voice', async () => {
    const reply = 'Sawa, tutakuona kesho saa tisa alasiri. Karibu sana!';
    const x = setup(() => ({ status: 'ok', replies: [text(reply)] }));
    await answered(x);
    expect(x.spoken('Hello, Salon Ratiba.')?.options).toMatchObject({
      language: 'en',
      voice: 'voiceEn1',
    });
    for (const e of final('nataka kunyoa nywele kesho saa tisa')) x.stt.push(e);
    await expect.poll(() => agentLines(x.call), { timeout: 5_000 }).toContain(`yes: ${reply}`);
    expect(x.bridge.said).toEqual([{ seq: 1, text: 'nataka kunyoa nywele kesho saa tisa' }]);
    // Swahili words, Swahili reply: the tenant's Swahili voice, faster for a fast caller.
    const asked = x.tts.requests.filter((r) => r.options.language === 'sw');
    expect(asked.map((r) => r.text).join(' ')).toBe(reply);
    expect(asked[0]!.options.voice).toBe('voiceSw1');
    expect(asked[0]!.options.rate).toBeGreaterThan(1);
    expect(x.call.timings.finalToFirstTts).toHaveLength(1);
    expect(x.call.timings.fillerStart).toEqual([]);
    await hangUp(x);
  }, 20_000);

  it('leads with a filler when the thread is slow, then speaks the reply', async () => {
    let answeredAt = 0;
    const x = setup(
      () =>
        new Promise<TurnResult>((r) =>
          setTimeout(() => {
            answeredAt = performance.now();
            r({ status: 'ok', replies: [text('Friday at ten is free.')] });
          }, 1_500),
        ),
    );
    await answered(x);
    for (const e of final('is friday free')) x.stt.push(e);
    await expect.poll(() => x.spoken('Friday at ten is free.'), { timeout: 5_000 }).toBeDefined();
    // The filler went to the TTS on its own, while the thread was still working.
    const filler = x.spoken('One moment.');
    expect(filler).toBeDefined();
    expect(filler!.at).toBeLessThan(answeredAt);
    expect(x.call.timings.fillerStart).toHaveLength(1);
    expect(x.call.timings.fillerStart[0]).toBeGreaterThanOrEqual(700);
    await expect
      .poll(() => agentLines(x.call), { timeout: 5_000 })
      .toEqual(['yes: Hello, Salon Ratiba.', 'yes: One moment.', 'yes: Friday at ten is free.']);
    // The filler is its own transcript line, marked as such (`npx ratiba call` shows [filler]).
    expect(x.call.transcript.filter((e) => e.who === 'agent' && e.filler)).toEqual([
      expect.objectContaining({ text: 'One moment.', heard: 'yes' }),
    ]);
    await hangUp(x);
  }, 20_000);

  it('barge-in: caller words during our reply stop the audio at once; the rest is recorded as not heard', async () => {
    const first = 'Friday has ten or two.';
    const second = 'Saturday has nine with Wanjiku or Baraka.';
    const x = setup(({ seq }) => ({
      status: 'ok',
      replies: [text(seq === 1 ? `${first} ${second}` : 'Saturday at nine it is.')],
    }));
    await answered(x);
    for (const e of final('what do you have')) x.stt.push(e);
    await expect.poll(() => x.spoken(first), { timeout: 5_000 }).toBeDefined();
    // The caller cuts in half-way through the second sentence's audio (100 ms a word at the
    // caller's rate): playback stalls there, so the interruption's position is exact.
    const wordMs = 100 / x.spoken(first)!.options.rate;
    x.speaker.holdAtMs = 5 * wordMs + 3.5 * wordMs;
    await expect.poll(() => x.speaker.positionMs, { timeout: 5_000 }).toBe(x.speaker.holdAtMs);
    const before = x.speaker.clears.length;
    const saidAt = performance.now();
    x.stt.push({ type: 'speech_started' });
    x.stt.push({ type: 'interim', text: 'saturday' });
    await expect.poll(() => x.speaker.clears.length, { timeout: 5_000 }).toBeGreaterThan(before);
    expect(x.speaker.clears.at(-1)! - saidAt).toBeLessThan(50);
    expect(x.call.timings.bargeIn).toHaveLength(1);
    x.speaker.holdAtMs = null;
    x.stt.push({ type: 'final', text: 'saturday at nine', speechMs: 800 });
    await expect.poll(() => x.spoken('Saturday at nine it is.'), { timeout: 5_000 }).toBeDefined();
    // Heard: the first sentence and the second's words before the cut (by their letters:
    // "Saturday has nine" is 15 of 35, "with" ends at 19); the rest was not heard.
    expect(agentLines(x.call)).toEqual(
      expect.arrayContaining([`partly: ${first} Saturday has nine`, 'no: with Wanjiku or Baraka.']),
    );
    expect(x.bridge.unheardTexts).toEqual(['with Wanjiku or Baraka.']);
    await hangUp(x);
  }, 20_000);

  it('a hang-up in the middle of a reply throws nothing and ends the call once', async () => {
    const x = setup(() => ({ status: 'ok', replies: [text(LONG)] }));
    await answered(x);
    for (const e of final('what do you have')) x.stt.push(e);
    await expect.poll(() => x.spoken(LONG), { timeout: 5_000 }).toBeDefined();
    await hangUp(x);
    await x.call.hangUp();
    expect(x.bridge.ended).toEqual(['hangup']);
  }, 20_000);

  it('speaks the filler in the caller language, and none when the reply comes in time', async () => {
    const x = setup(({ seq }) =>
      seq === 1
        ? { status: 'ok', replies: [text('Sawa.')] }
        : new Promise<TurnResult>((r) =>
            setTimeout(() => r({ status: 'ok', replies: [text('Sawa, umepata.')] }), 1_500),
          ),
    );
    await answered(x);
    for (const e of final('nataka kunyoa')) x.stt.push(e);
    await expect.poll(() => agentLines(x.call), { timeout: 5_000 }).toContain('yes: Sawa.');
    expect(x.call.timings.fillerStart).toEqual([]);
    for (const e of final('nataka kusuka Ijumaa')) x.stt.push(e);
    await expect.poll(() => x.spoken('Sawa, umepata.'), { timeout: 5_000 }).toBeDefined();
    expect(x.spoken('Sawa, dakika moja.')?.options.language).toBe('sw');
    expect(x.call.timings.fillerStart).toHaveLength(1);
    // Turn order: each reply was asked for after its own turn reached the thread.
    expect(x.bridge.said.map((t) => t.seq)).toEqual([1, 2]);
    await hangUp(x);
  }, 20_000);

  it('a spoken pick ("the second one") goes to the thread as the button it names', async () => {
    const staff = {
      kind: 'buttons' as const,
      text: 'Who would you like?',
      buttons: [
        { id: 'staff:wanjiku', title: 'Wanjiku' },
        { id: 'staff:baraka', title: 'Baraka' },
      ],
    };
    const x = setup(() => ({ status: 'ok', replies: [text('Baraka it is.')] }), [staff]);
    await x.call.start({ input: x.mic, output: x.speaker });
    await expect.poll(() => agentLines(x.call).length, { timeout: 5_000 }).toBe(1);
    for (const e of final('the second one')) x.stt.push(e);
    await expect.poll(() => x.bridge.said, { timeout: 5_000 }).toHaveLength(1);
    expect(x.bridge.said[0]).toEqual({ seq: 1, text: 'the second one', replyId: 'staff:baraka' });
    expect(x.call.transcript.find((e) => e.who === 'caller')).toMatchObject({ choice: 2 });
    await hangUp(x);
  }, 20_000);

  it('an interim with no words (noise) does not stop us', async () => {
    const x = setup(() => ({ status: 'ok', replies: [text(LONG)] }));
    await answered(x);
    x.speaker.holdAtMs = 200;
    for (const e of final('what do you have')) x.stt.push(e);
    await expect.poll(() => x.speaker.positionMs, { timeout: 5_000 }).toBe(200);
    const before = x.speaker.clears.length;
    x.stt.push({ type: 'interim', text: ' ' });
    await new Promise((r) => setTimeout(r, 300));
    expect(x.speaker.clears.length).toBe(before);
    expect(x.call.timings.bargeIn).toEqual([]);
    x.speaker.holdAtMs = null;
    await hangUp(x);
  }, 20_000);

  it('a hang-up mid-reply records the rest of the reply as not heard', async () => {
    const x = setup(() => ({ status: 'ok', replies: [text(LONG)] }));
    await answered(x);
    x.speaker.holdAtMs = 300;
    for (const e of final('what do you have')) x.stt.push(e);
    await expect.poll(() => x.speaker.positionMs, { timeout: 5_000 }).toBe(300);
    await hangUp(x);
    const lines = agentLines(x.call).slice(1);
    expect(lines.map((l) => l.split(':')[0])).toEqual(['partly', 'no']);
    expect(x.bridge.unheardTexts).toHaveLength(1);
  }, 20_000);

  it('a bridge failure is spoken around, not thrown', async () => {
    const x = setup(() => Promise.reject(new Error('database down')));
    await answered(x);
    for (const e of final('hello')) x.stt.push(e);
    await expect.poll(() => x.errors, { timeout: 5_000 }).toHaveLength(1);
    expect(x.errors[0]).toMatch(/^say: .*database down/);
    x.mic.stop();
    await x.call.hangUp();
    expect(x.bridge.ended).toEqual(['hangup']);
  }, 20_000);
});
