/**
 * A call on the real `AgentSession` with audio I/O of our own and scripted caller words, for
 * the AgentCall unit tests (agent-call.test.ts, agent-call-unheard.test.ts). Never imported by
 * production code.
 */
import { expect } from 'vitest';
import { AgentCall } from '../livekit/agent-call';
import type { CallRoute } from '../livekit/sip-call';
import type { OutboundMessage } from '../../contract';
import type { SttEvent, TextToSpeech } from '../ports';
import { systemClock } from '../ports';
import { Mic, Speaker } from './agent-io';
import { FakeBridge, FakeTts, scriptedStt, text } from './fakes';
import { parserReader } from './reader';

export const ROUTE: CallRoute = {
  tenant: 'demo',
  timezone: 'Africa/Nairobi',
  languages: ['en', 'sw'],
  voices: { en: 'voiceEn1', sw: 'voiceSw1' },
  vocabulary: { services: [], staff: [] },
};

export function setup(
  answer: FakeBridge['answer'],
  greeting: OutboundMessage[] = [text('Hello, Salon Ratiba.')],
  wrapTts: (tts: TextToSpeech) => TextToSpeech = (t) => t,
) {
  const s = scriptedStt();
  const tts = new FakeTts(systemClock, 100);
  const bridge = new FakeBridge(answer, greeting);
  const errors: string[] = [];
  const call = new AgentCall({ tenant: 'demo', from: '+254712345678', callId: 'ac-1' }, ROUTE, {
    bridge,
    voices: { stt: () => s.stt, tts: wrapTts(tts), voices: ROUTE.voices },
    read: parserReader(),
    onError: (err, where) => errors.push(`${where}: ${String(err)}`),
  });
  const mic = new Mic();
  const speaker = new Speaker();
  const spoken = (t: string) => tts.requests.find((r) => r.text === t);
  return { call, bridge, tts, mic, speaker, errors, spoken, stt: s.events };
}

export type CallKit = ReturnType<typeof setup>;

export const final = (t: string): SttEvent[] => [
  { type: 'speech_started' },
  { type: 'final', text: t, speechMs: 1_000 },
];

export const agentLines = (c: AgentCall) =>
  c.transcript.flatMap((e) => (e.who === 'agent' ? [`${e.heard}: ${e.text}`] : []));

/** The call is answered and its greeting heard to the end. */
export async function answered(x: CallKit, greeting = 'Hello, Salon Ratiba.') {
  await x.call.start({ input: x.mic, output: x.speaker });
  await expect.poll(() => agentLines(x.call), { timeout: 5_000 }).toEqual([`yes: ${greeting}`]);
}

export async function hangUp(x: CallKit) {
  x.mic.stop();
  await x.call.hangUp();
  expect(x.bridge.ended).toEqual(['hangup']);
  expect(x.errors).toEqual([]);
}
