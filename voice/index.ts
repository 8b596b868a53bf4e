/**
 * The only public surface of `voice/`: speech in and out. The voice-note transcribers
 * (pocketsphinx offline, Deepgram with a key) and the call pipeline (README "Voice").
 */
export { PocketsphinxTranscriber, type TranscribeHints, type Transcriber } from './transcriber';
export { DeepgramTranscriber } from './deepgram-transcriber';

export { concatFrames, decodeWav, encodeWav, type AudioFrame } from './audio';
export type { CallTimings, TranscriptEntry } from './call-types';
export type {
  CallInfo,
  SpeechToText,
  SttEvent,
  SttStream,
  SynthesisOptions,
  TextToSpeech,
  TurnBridge,
  TurnResult,
  UtteranceReader,
  UtteranceReading,
  VoiceClock,
} from './ports';
export { systemClock } from './ports';
export { renderSpeech, speakable, type SpokenChoice, type SpokenReply } from './speech-rendering';
export { createChoiceMatcher, type ChoiceMatcher } from './spoken-choice';
export { createLanguageDetector } from './language';
export { IngressTurnBridge, type CallIngress, type IngressBridgeOptions } from './ingress-bridge';
export { HttpTurnBridge, type HttpTurnBridgeOptions } from './http-bridge';
export { DeepgramStt, type DeepgramSttOptions } from './deepgram-stt';
export { ElevenLabsTts } from './elevenlabs-tts';
export { ESPEAK_SAMPLE_RATE, EspeakTts } from './offline/espeak-tts';
export { PocketsphinxStt, recognize } from './offline/pocketsphinx-stt';
export { callGrammar } from './offline/call-grammar';
export { callerSpeech } from './offline/caller-speech';
export type { CallerTurn, OfflineCallOptions, OfflineCallResult } from './offline/offline-call';
export type { LocalCall, LocalCallOptions } from './livekit/local-call';
export {
  NatsVoiceClient,
  VOICE_SUBJECTS,
  type VoiceGatewayAnswer,
  type VoiceTurnRequest,
} from './nats-bridge';
export {
  callIdOf,
  decideSipCall,
  refusalSpeech,
  SIP_ATTRIBUTES,
  type CallRoute,
  type CallRouter,
  type SipCallDecision,
} from './livekit/sip-call';
export type { CallVoiceKeys } from './livekit/call-voices';
export type { AgentCallIo, CallVoices } from './livekit/session-io';
export type { CallTransport, SipAgentDeps } from './livekit/sip-agent';
/**
 * The LiveKit Agents and rtc-node parts (heavy, native), loaded on first use: the voice worker,
 * `npx ratiba call` (`runOfflineCall`) and the console's call panel (`LocalCall`).
 */
export const loadLiveKitVoice = () => import('./livekit/livekit-voice');
/** Only what a call without a room needs (no plugins, no room transport): the call panel. */
export const loadLocalCall = () => import('./livekit/local-call');
