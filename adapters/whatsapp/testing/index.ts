/** Test support for the WhatsApp adapter (not part of the adapter's public surface). */
export {
  startFakeGraphServer,
  type FakeGraphServer,
  type FakeGraphServerOptions,
  type FakeMedia,
  type ScriptedFailure,
} from './fake-graph-server';
export { whatsAppSendBodyViolations } from './send-body-violations';
export {
  startRecordingServer,
  stripNotes,
  type Handler,
  type RecordedRequest,
  type RecordingServer,
  type Reply,
} from './recording-server';
