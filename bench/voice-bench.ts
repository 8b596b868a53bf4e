/**
 * The call pipeline's own latencies, with every provider faked at zero latency (so what is
 * measured is our orchestration): final transcript -> first TTS request, caller speech -> our
 * audio stopped (barge-in), and when the filler starts on a slow reply.
 */
import type { OutboundMessage } from '../contract';
import { buttonsMessage } from '../test-support/messages';
import { parserReader } from '../voice/testing/reader';
import { CallSession } from '../voice/call-session';
import { createLanguageDetector } from '../voice/language';
import { systemClock } from '../voice/ports';
import { createChoiceMatcher } from '../voice/spoken-choice';
import { FakeBridge, FakeOutput, FakeTts } from '../voice/testing/fakes';
import { round, summarize } from './stats';

export interface VoiceBenchResult {
  turns: number;
  finalToFirstTts: { p50Ms: number; p95Ms: number; p99Ms: number };
  bargeIns: number;
  bargeIn: { p50Ms: number; p95Ms: number; p99Ms: number };
  fillers: number;
  fillerStart: { p50Ms: number; maxMs: number };
  errors: number;
}

const REPLY: OutboundMessage[] = [
  buttonsMessage(
    'Here are the free times for Haircut with Wanjiku on Fri 20 Nov.',
    ['s1', '3:00 pm'],
    ['s2', '3:30 pm'],
    ['s3', '4:00 pm'],
  ),
];

const p95 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)] ?? NaN;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function session(bridge: FakeBridge, realtime: boolean, errors: { n: number }) {
  return new CallSession({
    call: { tenant: 'bench', from: '+254700000000', callId: 'bench' },
    bridge,
    tts: new FakeTts(systemClock, 300),
    output: realtime
      ? new FakeOutput(systemClock)
      : { write: () => Promise.resolve(), clear: () => undefined },
    matcher: createChoiceMatcher({ read: parserReader('Africa/Nairobi', () => Date.now()) }),
    detectLanguage: createLanguageDetector(parserReader()),
    clock: systemClock,
    onError: () => errors.n++,
  });
}

export async function runVoiceBench(o: { turns: number; bargeIns: number; fillers: number }) {
  const errors = { n: 0 };
  // 1. Orchestration: zero-latency bridge and TTS, instant output.
  const fast = new FakeBridge(() => ({ status: 'ok', replies: REPLY }), []);
  const s1 = session(fast, false, errors);
  await s1.start();
  for (let i = 0; i < o.turns; i++) {
    s1.handle({ type: 'final', text: i % 2 ? 'the second one' : 'a haircut on friday please' });
    await s1.idle();
  }
  // 2. Barge-in: a long reply played in real time, interrupted at a random point.
  const long = new FakeBridge(
    () => ({ status: 'ok', replies: [] }),
    [{ kind: 'text', text: 'Welcome to the salon. '.repeat(20) }],
  );
  const bargeIn: number[] = [];
  for (let i = 0; i < o.bargeIns; i++) {
    const s = session(long, true, errors);
    void s.start();
    await sleep(20 + Math.random() * 40);
    s.handle({ type: 'interim', text: 'wait' });
    bargeIn.push(...s.timings.bargeIn);
    await s.hangUp();
  }
  // 3. Filler: the thread takes 1.2 s to answer.
  const slow = new FakeBridge(
    () => new Promise((r) => setTimeout(() => r({ status: 'ok', replies: REPLY }), 1_200)),
    [],
  );
  const s3 = session(slow, false, errors);
  await s3.start();
  for (let i = 0; i < o.fillers; i++) {
    s3.handle({ type: 'final', text: 'book a haircut' });
    await s3.idle();
  }
  const f = summarize(s1.timings.finalToFirstTts);
  const b = summarize(bargeIn);
  const fill = summarize(s3.timings.fillerStart);
  return {
    turns: f.n,
    finalToFirstTts: {
      p50Ms: round(f.p50, 3),
      p95Ms: round(p95(s1.timings.finalToFirstTts), 3),
      p99Ms: round(f.p99, 3),
    },
    bargeIns: b.n,
    bargeIn: { p50Ms: round(b.p50, 3), p95Ms: round(p95(bargeIn), 3), p99Ms: round(b.p99, 3) },
    fillers: fill.n,
    fillerStart: { p50Ms: round(fill.p50, 1), maxMs: round(fill.max, 1) },
    errors: errors.n,
  } satisfies VoiceBenchResult;
}
