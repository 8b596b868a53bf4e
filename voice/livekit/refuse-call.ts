/**
 * A call we do not take (a number no tenant has, a withheld caller id): a polite sentence in
 * the tenant's language (or English and Swahili), spoken by an `AgentSession` that has only a
 * voice (nothing the caller says is heard, nothing reaches a thread). Never throws.
 */
import { voice } from '@livekit/agents';
import type { Language } from '../../contract';
import type { TextToSpeech } from '../ports';
import { PortTts } from './port-plugins';
import { startOn, type AgentCallIo } from './session-io';
import { refusalSpeech, type RefusalReason } from './sip-call';

export async function refuseCall(
  io: AgentCallIo,
  refusal: { reason: RefusalReason; languages: readonly Language[] },
  tts: TextToSpeech,
  /** The caller hung up: stop talking. */
  gone: Promise<void>,
  onError?: (err: unknown, where: string) => void,
): Promise<void> {
  let language: Language = refusal.languages[0] ?? 'en';
  const session = new voice.AgentSession({
    tts: new PortTts(tts, 16_000, () => ({ language, rate: 1 })),
    userAwayTimeout: null,
  });
  session.on(voice.AgentSessionEventTypes.Error, (ev) => onError?.(ev.error, 'refusal'));
  let left = false;
  void gone.then(() => (left = true));
  try {
    await startOn(session, new voice.Agent({ instructions: 'Refuses the call.' }), io, {
      listen: false,
    });
    for (const line of refusalSpeech(refusal.reason, refusal.languages)) {
      if (left) break;
      language = line.language;
      const said = session.say(line.text, { allowInterruptions: false, addToChatCtx: false });
      await Promise.race([said.waitForPlayout(), gone]);
    }
  } catch (err) {
    onError?.(err, 'refusal');
  } finally {
    await session.close().catch((err: unknown) => onError?.(err, 'refusal_close'));
  }
}
