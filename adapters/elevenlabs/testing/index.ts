/** Test support for the ElevenLabs adapter; not part of its public surface. */
export {
  startFakeElevenLabsServer,
  type FakeElevenLabsRequest,
  type FakeElevenLabsServer,
} from './fake-elevenlabs-server';
