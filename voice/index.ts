/**
 * The only public surface of `voice/`: speech in and out. Today the voice-note transcribers
 * (pocketsphinx offline, Deepgram with a key); the call pipeline lands here next.
 */
export { PocketsphinxTranscriber, type TranscribeHints, type Transcriber } from './transcriber';
export { DeepgramTranscriber } from './deepgram-transcriber';
