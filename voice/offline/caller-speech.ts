import type { Language } from '../../contract';
import { concatFrames, type AudioFrame } from '../audio';
import { EspeakTts } from './espeak-tts';

/** The caller's words as audio (espeak-ng, another voice), for `--say` and tests. */
export async function callerSpeech(text: string, language: Language = 'en'): Promise<AudioFrame> {
  const tts = new EspeakTts({ voices: { en: 'en-us', sw: 'sw' }, baseWpm: 140 });
  const frames: AudioFrame[] = [];
  for await (const f of tts.synthesize(text, { language, rate: 1 }, new AbortController().signal))
    frames.push(f);
  const audio = concatFrames(frames);
  if (!audio) throw new Error('espeak-ng made no audio');
  return audio;
}
