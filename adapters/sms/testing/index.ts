/** Test support for the SMS adapter; not part of its public surface. */
export {
  startFakeAtServer,
  type AtScriptedFailure,
  type FakeAtServer,
  type FakeAtServerOptions,
} from './fake-at-server';
