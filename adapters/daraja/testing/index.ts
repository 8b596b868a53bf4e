/** Test support for the Daraja adapter; not part of its public surface. */
export {
  startFakeDarajaServer,
  type FakeDarajaFailure,
  type FakeDarajaOptions,
  type FakeDarajaServer,
  type FakePush,
} from './fake-daraja-server';
