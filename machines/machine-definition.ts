import type { AnyStateMachine } from 'xstate';

/**
 * A machine the runtime can host. `version` is written with every snapshot; `migrations[n]`
 * turns a persisted snapshot of version n into version n + 1.
 */
export interface ThreadMachineDefinition {
  name: string;
  version: number;
  machine: AnyStateMachine;
  migrations: Readonly<Record<number, (persisted: unknown) => unknown>>;
}
