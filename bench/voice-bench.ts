/**
 * The call's own latencies on `AgentCall` (the real LiveKit Agents `AgentSession`, as the
 * worker runs it), with every provider faked at zero latency (so what is measured is our
 * orchestration and the session's): final transcript -> first TTS request, caller speech ->
 * our audio stopped (barge-in), and when the filler starts on a slow reply.
 */
import { initializeLogger } from '@livekit/agents';
import type { OutboundMessage } from '../contract';
import { buttonsMessage } from '../test-support/messages';
import { AgentCall } from '../voice/livekit/agent-call';
import type { CallRoute } from '../voice/livekit/sip-call';
import { systemClock } from '../voice/ports';
import { Mic, Speaker } from '../voice/testing/agent-io';
import { FakeBridge, FakeTts, scriptedStt } from '../voice/testing/fakes';
import { parserReader } from '../voice/testing/reader';
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

const ROUTE: CallRoute = {
  tenant: 'bench',
  timezone: 'Africa/Nairobi',
  languages: ['en'],
  voices: {},
  vocabulary: { services: ['Haircut'], staff: ['Wanjiku'] },
};

const p95 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)] ?? NaN;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A call whose caller speaks scripted STT events into its audio I/O. */
async function call(bridge: FakeBridge, realtime: boolean, errors: { n: number }) {
  const { stt, events } = scriptedStt();
  const lines: (() => void)[] = [];
  const c = new AgentCall({ tenant: 'bench', from: '+254700000000', callId: 'bench' }, ROUTE, {
    bridge,
    voices: { stt: () => stt, tts: new FakeTts(systemClock, realtime ? 300 : 1), voices: {} },
    read: parserReader('Africa/Nairobi', () => Date.now()),
    onError: () => errors.n++,
    onTranscript: () => lines.splice(0).forEach((r) => r()),
  });
  const mic = new Mic();
  const speaker = new Speaker(16_000, realtime);
  await c.start({ input: mic, output: speaker });
  const agentSaid = () => c.transcript.filter((e) => e.who === 'agent').length;
  /** Resolves when our `n`th line is written (no polling timers beside the measured path). */
  const saidLines = async (n: number) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const end = new Promise((r) => (timer = setTimeout(r, 10_000, 'late')));
    while (agentSaid() < n)
      if ((await Promise.race([new Promise((r) => lines.push(() => r(0))), end])) !== 0) break;
    clearTimeout(timer);
  };
  const close = async () => {
    mic.stop();
    await c.hangUp();
  };
  return { c, events, speaker, agentSaid, saidLines, close };
}

async function until(ok: () => boolean, ms = 10_000): Promise<void> {
  const end = performance.now() + ms;
  while (!ok() && performance.now() < end) await sleep(1);
}

export async function runVoiceBench(o: { turns: number; bargeIns: number; fillers: number }) {
  initializeLogger({ pretty: false, level: 'error' });
  const errors = { n: 0 };
  // 1. Orchestration: zero-latency bridge and TTS, output that plays at once.
  const s1 = await call(
    new FakeBridge(() => ({ status: 'ok', replies: REPLY }), []),
    false,
    errors,
  );
  await until(() => s1.agentSaid() >= 1);
  for (let i = 0; i < o.turns; i++) {
    const said = s1.agentSaid();
    s1.events.push({ type: 'speech_started' });
    s1.events.push({
      type: 'final',
      text: i % 2 ? 'the second one' : 'a haircut on friday please',
    });
    await s1.saidLines(said + 1);
  }
  await s1.close();
  // 2. Barge-in: a long reply played in real time, interrupted at a random point.
  const long = new FakeBridge(
    () => ({
      status: 'ok',
      replies: [{ kind: 'text', text: 'Welcome to the salon. '.repeat(20) }],
    }),
    [],
  );
  const s2 = await call(long, true, errors);
  for (let i = 0; i < o.bargeIns; i++) {
    s2.events.push({ type: 'final', text: 'tell me about the salon' });
    await until(() => s2.speaker.playing);
    await sleep(20 + Math.random() * 40);
    s2.events.push({ type: 'speech_started' });
    s2.events.push({ type: 'interim', text: 'wait' });
    await until(() => !s2.speaker.playing);
  }
  await s2.close();
  // 3. Filler: the thread takes 1.2 s to answer.
  const slow = new FakeBridge(
    () => new Promise((r) => setTimeout(() => r({ status: 'ok', replies: REPLY }), 1_200)),
    [],
  );
  const s3 = await call(slow, false, errors);
  for (let i = 0; i < o.fillers; i++) {
    s3.events.push({ type: 'final', text: 'book a haircut' });
    await until(() => s3.c.timings.fillerStart.length > i);
    await sleep(1_400); // the reply arrives and is said
  }
  await s3.close();
  const { finalToFirstTts } = s1.c.timings;
  const bargeIn = s2.c.timings.bargeIn;
  const f = summarize(finalToFirstTts);
  const b = summarize(bargeIn);
  const fill = summarize(s3.c.timings.fillerStart);
  return {
    turns: f.n,
    finalToFirstTts: {
      p50Ms: round(f.p50, 3),
      p95Ms: round(p95(finalToFirstTts), 3),
      p99Ms: round(f.p99, 3),
    },
    bargeIns: b.n,
    bargeIn: { p50Ms: round(b.p50, 3), p95Ms: round(p95(bargeIn), 3), p99Ms: round(b.p99, 3) },
    fillers: fill.n,
    fillerStart: { p50Ms: round(fill.p50, 1), maxMs: round(fill.max, 1) },
    errors: errors.n,
  } satisfies VoiceBenchResult;
}

/** The voice section's rows of the benchmark table. */
export function voiceTableRows(v: VoiceBenchResult): [string, string, string][] {
  return [
    [
      'voice: final transcript -> first TTS p50 / p95 (ms)',
      `${v.finalToFirstTts.p50Ms} / ${v.finalToFirstTts.p95Ms}`,
      `${v.turns} turns, providers and thread faked at zero latency; aim p95 <= 20`,
    ],
    [
      'voice: barge-in, speech -> audio stopped p50 / p95 (ms)',
      `${v.bargeIn.p50Ms} / ${v.bargeIn.p95Ms}`,
      `${v.bargeIns} interruptions of real-time playback on the AgentSession; aim p95 <= 50`,
    ],
    [
      'voice: filler start on a slow reply p50 / max (ms)',
      `${v.fillerStart.p50Ms} / ${v.fillerStart.maxMs}`,
      `${v.fillers} replies taking 1.2 s; aim <= 750; ${v.errors} errors`,
    ],
  ];
}
