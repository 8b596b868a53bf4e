import type { ThreadMachineDefinition } from '../../machines';
import { RatibaError } from '../../contract';
import type { ThreadKind } from './thread-key';

/** Which machine a thread runs, and how old snapshots of each machine are brought up to date. */
export class MachineRegistry {
  private readonly byName = new Map<string, ThreadMachineDefinition>();

  constructor(
    definitions: ThreadMachineDefinition[],
    private readonly defaults: Record<ThreadKind, string>,
  ) {
    for (const d of definitions) this.byName.set(d.name, d);
    for (const name of Object.values(defaults)) this.get(name);
  }

  get(name: string): ThreadMachineDefinition {
    const d = this.byName.get(name);
    if (!d) throw new RatibaError('internal', `no machine named ${name} is registered`);
    return d;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  list(): ThreadMachineDefinition[] {
    return [...this.byName.values()];
  }

  /** The machine for a new thread: the tenant's choice for that kind of thread if it names one. */
  forNewThread(kind: ThreadKind, tenantMachine?: string): ThreadMachineDefinition {
    if (tenantMachine && this.byName.has(tenantMachine)) {
      return this.get(tenantMachine);
    }
    return this.get(this.defaults[kind]);
  }

  /**
   * The machine a thread starts afresh on: a new thread (the tenant's `machine` for customers,
   * `admin_machine` for owners, else the default), or an owner's thread whose snapshot is of the
   * probe, which owners' threads ran before the admin machine existed. Undefined: restore.
   */
  freshFor(
    kind: ThreadKind,
    settings: Record<string, unknown>,
    persistedMachine: string | null | undefined,
  ): ThreadMachineDefinition | undefined {
    const choice = kind === 'admin' ? settings.admin_machine : settings.machine;
    const def = this.forNewThread(kind, typeof choice === 'string' ? choice : undefined);
    if (!persistedMachine) return def;
    const outgrown =
      kind === 'admin' && persistedMachine === 'probe-thread' && def.name !== persistedMachine;
    return outgrown ? def : undefined;
  }

  /**
   * Brings a persisted snapshot of `version` up to the machine's current version, or refuses
   * with `snapshot_version_unknown` (a newer snapshot, or a gap in the migrations).
   */
  upgrade(def: ThreadMachineDefinition, version: number, persisted: unknown): unknown {
    if (version === def.version) return persisted;
    if (version > def.version || version < 1) {
      throw new RatibaError(
        'snapshot_version_unknown',
        `snapshot of ${def.name} has version ${version}; this build knows up to ${def.version}`,
      );
    }
    let p = persisted;
    for (let v = version; v < def.version; v++) {
      const step = def.migrations[v];
      if (!step) {
        throw new RatibaError(
          'snapshot_version_unknown',
          `no migration of ${def.name} snapshots from version ${v} to ${v + 1}`,
        );
      }
      p = step(p);
    }
    return p;
  }
}
