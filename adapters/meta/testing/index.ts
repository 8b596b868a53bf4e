/** Test support for the Meta (Messenger / Instagram) adapter; not part of its public surface. */
export {
  startFakeMetaServer,
  type FakeMetaServer,
  type FakeMetaServerOptions,
  type MetaScriptedFailure,
} from './fake-meta-server';
export { metaSendBodyViolations } from './send-body-violations';
