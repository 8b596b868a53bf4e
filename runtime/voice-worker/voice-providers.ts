import type { VAD } from '@livekit/agents';
import { loadLiveKitVoice, type CallRoute } from '../../voice';
import type { RatibaConfig } from '../config';
import type { Logger } from '../logger';

/** A refusal has no tenant: both languages, the offline or default voice. */
export const NO_ROUTE: CallRoute = {
  tenant: '',
  timezone: 'Africa/Nairobi',
  languages: ['en', 'sw'],
  voices: {},
  vocabulary: { services: [], staff: [] },
};

/** The call's voices from the deployment's keys (README "Voice": with keys cloud, else offline). */
export async function voicesFor(config: RatibaConfig, log: Logger, vad: VAD | undefined) {
  const { callVoices } = await loadLiveKitVoice();
  return (route: CallRoute | null) =>
    callVoices(
      {
        ...(config.deepgram ? { deepgram: config.deepgram } : {}),
        ...(config.voice.elevenlabs ? { elevenlabs: config.voice.elevenlabs } : {}),
        ...(vad ? { vad } : {}),
        onError: (err, where) => log.warn({ err, where }, 'voice provider error'),
      },
      route ?? NO_ROUTE,
    );
}
