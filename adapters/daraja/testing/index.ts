/** Test support for the Daraja adapter; not part of its public surface. */
export {
  startFakeDarajaServer,
  type FakeDarajaFailure,
  type FakeDarajaOptions,
  type FakeDarajaServer,
  type FakePush,
} from './fake-daraja-server';
export type { FakePayout } from './fake-daraja-payouts';
