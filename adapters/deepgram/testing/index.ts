/** Test support for the Deepgram adapter; not part of its public surface. */
export {
  startFakeDeepgramServer,
  type DeepgramScriptedFailure,
  type FakeDeepgramServer,
  type FakeDeepgramServerOptions,
} from './fake-deepgram-server';
export {
  startFakeDeepgramLive,
  type FakeDeepgramLive,
  type ScriptedUtterance,
} from './fake-deepgram-live';
