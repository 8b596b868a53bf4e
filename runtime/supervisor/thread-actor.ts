import { createActor, type AnyActor, type Snapshot } from 'xstate';
import type { Effect, EventBase, ThreadInput } from '../../contract';
import type { ThreadMachineDefinition } from '../../machines';

export type TurnKind = 'applied' | 'ignored' | 'machine_error';

export interface TurnOutcome {
  kind: TurnKind;
  effects: Effect[];
  stateBefore: unknown;
  stateAfter: unknown;
  /** The snapshot to persist (unchanged state for `ignored`). Absent after a machine error. */
  persisted?: unknown;
  error?: string;
}

const EFFECT_TYPES = new Set<string>(['reply', 'timer.set', 'timer.cancel', 'thread.send', 'call']);

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * One thread's XState actor, hosted by the supervisor. A turn is `run(event)`: the event is
 * applied synchronously and the effects the machine emitted are collected. After a machine error
 * the actor is unusable; the supervisor discards it and rehydrates from the last commit.
 */
export class ThreadActor {
  private readonly actor: AnyActor;
  private collected: Effect[] = [];
  private failure: unknown = undefined;
  /** Sequence number of the last committed turn of this thread. */
  seq: number;

  private constructor(
    readonly def: ThreadMachineDefinition,
    input: ThreadInput,
    snapshot: Snapshot<unknown> | undefined,
    seq: number,
  ) {
    this.seq = seq;
    this.actor = createActor(def.machine, snapshot ? { input, snapshot } : { input });
    this.actor.on('*', (e: { type: string }) => this.collected.push(e as Effect));
    // Without an error listener XState rethrows asynchronously and would crash the process.
    this.actor.subscribe({ error: (err: unknown) => (this.failure = err) });
    this.actor.start();
  }

  static create(def: ThreadMachineDefinition, input: ThreadInput): ThreadActor {
    return new ThreadActor(def, input, undefined, 0);
  }

  static restore(
    def: ThreadMachineDefinition,
    input: ThreadInput,
    persisted: unknown,
    seq: number,
  ): ThreadActor {
    return new ThreadActor(def, input, persisted as Snapshot<unknown>, seq);
  }

  get stateValue(): unknown {
    return (this.actor.getSnapshot() as { value?: unknown }).value ?? null;
  }

  get status(): string {
    return (this.actor.getSnapshot() as { status: string }).status;
  }

  persisted(): unknown {
    return this.actor.getPersistedSnapshot();
  }

  run(event: EventBase): TurnOutcome {
    const stateBefore = this.stateValue;
    const snap = this.actor.getSnapshot() as { status: string; can(e: EventBase): boolean };
    let accepted: boolean;
    try {
      accepted = snap.status === 'active' && snap.can(event);
    } catch (err) {
      return {
        kind: 'machine_error',
        effects: [],
        stateBefore,
        stateAfter: stateBefore,
        error: errorText(err),
      };
    }
    if (!accepted) {
      return {
        kind: 'ignored',
        effects: [],
        stateBefore,
        stateAfter: stateBefore,
        persisted: this.persisted(),
      };
    }
    this.collected = [];
    try {
      this.actor.send(event);
    } catch (err) {
      this.failure ??= err;
    }
    const effects = this.collected;
    this.collected = [];
    if (this.failure !== undefined || this.status === 'error') {
      const error = errorText(this.failure ?? 'machine stopped with an error');
      return { kind: 'machine_error', effects: [], stateBefore, stateAfter: stateBefore, error };
    }
    const bad = effects.find((e) => !EFFECT_TYPES.has((e as { type: string }).type));
    if (bad) {
      return {
        kind: 'machine_error',
        effects: [],
        stateBefore,
        stateAfter: stateBefore,
        error: `machine emitted an unknown effect type ${JSON.stringify((bad as { type: string }).type)}`,
      };
    }
    return {
      kind: 'applied',
      effects,
      stateBefore,
      stateAfter: this.stateValue,
      persisted: this.persisted(),
    };
  }

  stop(): void {
    this.actor.stop();
  }
}
