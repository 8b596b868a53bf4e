import type { AnyStateMachine } from 'xstate';
import type {
  GraphEdge,
  GraphEdgeKind,
  GraphNode,
  GraphNodeType,
  MachineGraph,
} from '../../contract';

/**
 * A statechart as data, derived from a machine definition itself (`machine.root`), so the
 * console draws every hosted machine with no per-machine code. Pure: no I/O.
 */
/** The subset of XState's StateNode this module reads (kept structural on purpose). */
interface NodeLike {
  id: string;
  key: string;
  path: string[];
  type: GraphNodeType;
  history: 'shallow' | 'deep' | false;
  tags: string[];
  description?: string;
  parent?: NodeLike;
  states: Record<string, NodeLike>;
  config: { target?: unknown; initial?: unknown };
  initial?: { target: readonly NodeLike[] };
  transitions: Map<string, readonly TransitionLike[]>;
  always?: readonly TransitionLike[];
}

interface TransitionLike {
  target?: readonly NodeLike[] | undefined;
  guard?: unknown;
  actions?: readonly unknown[];
  reenter?: boolean;
}

const pathId = (n: NodeLike) => n.path.join('.');

/** A readable name for a guard: its type, or `and(a, b)` / `not(a)` for combined ones. */
export function guardName(guard: unknown): string | undefined {
  if (guard === undefined || guard === null) return undefined;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') {
    const g = guard as { guards?: unknown[]; name?: string };
    if (Array.isArray(g.guards)) {
      const inner = g.guards.map((x) => guardName(x) ?? '?').join(', ');
      return `${g.name || 'guard'}(${inner})`;
    }
    return g.name ? g.name : 'inline guard';
  }
  if (typeof guard === 'object' && typeof (guard as { type?: unknown }).type === 'string')
    return (guard as { type: string }).type;
  return 'guard';
}

function actionName(action: unknown): string {
  if (typeof action === 'string') return action;
  if (
    typeof action === 'object' &&
    action &&
    typeof (action as { type?: unknown }).type === 'string'
  )
    return (action as { type: string }).type;
  if (typeof action === 'function') {
    const a = action as { type?: unknown; name?: string };
    if (typeof a.type === 'string') return a.type;
    return a.name && !a.name.startsWith('bound ') ? a.name : 'inline';
  }
  return 'inline';
}

function describeEvent(event: string): { kind: GraphEdgeKind; label: string } {
  if (event === '') return { kind: 'always', label: 'always' };
  const after = /^xstate\.after\.(\d+|[^.]+)\./.exec(event);
  if (after) {
    const ms = Number(after[1]);
    const label = Number.isFinite(ms)
      ? ms % 1000 === 0
        ? `after ${ms / 1000}s`
        : `after ${ms}ms`
      : `after ${after[1]}`;
    return { kind: 'after', label };
  }
  if (event.startsWith('xstate.done.state.')) return { kind: 'done', label: 'done' };
  if (event.startsWith('xstate.done.actor.')) return { kind: 'invoke', label: 'invoke done' };
  if (event.startsWith('xstate.error.actor.')) return { kind: 'invoke', label: 'invoke error' };
  if (event.startsWith('xstate.snapshot.')) return { kind: 'invoke', label: 'invoke snapshot' };
  return { kind: 'event', label: event };
}

/** The default target of a history node: `target` in its config, relative to its parent. */
function historyTargets(node: NodeLike, byStateId: Map<string, NodeLike>): string[] {
  const raw = node.config.target;
  const list = Array.isArray(raw) ? (raw as unknown[]) : raw === undefined ? [] : [raw];
  const out: string[] = [];
  for (const t of list) {
    if (typeof t !== 'string') continue;
    if (t.startsWith('#')) {
      const found = byStateId.get(t.slice(1));
      if (found) out.push(pathId(found));
      continue;
    }
    let cursor: NodeLike | undefined = node.parent;
    for (const key of t.split('.')) cursor = cursor?.states[key];
    if (cursor) out.push(pathId(cursor));
  }
  if (out.length === 0 && node.parent?.initial) {
    out.push(...node.parent.initial.target.map(pathId));
  }
  return out;
}

/** Every state (nested, parallel, history, final) and every transition of a machine. */
export function machineGraph(machine: AnyStateMachine, name: string = machine.id): MachineGraph {
  const root = machine.root as unknown as NodeLike;
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const all: NodeLike[] = [];
  const walk = (n: NodeLike) => {
    all.push(n);
    for (const child of Object.values(n.states)) walk(child);
  };
  walk(root);
  const byStateId = new Map(all.map((n) => [n.id, n]));

  for (const n of all) {
    const parent = n.parent;
    const initialOfParent =
      parent?.type === 'compound' &&
      (parent.initial?.target ?? []).some((t) => t.id === n.id && t.type !== 'history');
    nodes.push({
      id: pathId(n),
      key: n.path.length === 0 ? name : n.key,
      stateId: n.id,
      parent: parent ? pathId(parent) : null,
      type: n.type,
      ...(n.type === 'history' ? { history: n.history === 'deep' ? 'deep' : 'shallow' } : {}),
      initial: Boolean(initialOfParent),
      tags: [...n.tags],
      ...(n.description ? { description: n.description } : {}),
      children: Object.values(n.states).map(pathId),
    });

    const add = (event: string, t: TransitionLike, index: number) => {
      const { kind, label } = describeEvent(event);
      const guard = guardName(t.guard);
      edges.push({
        id: `${pathId(n)}:${event}:${index}`,
        source: pathId(n),
        targets: (t.target ?? []).map(pathId),
        event,
        label,
        kind,
        ...(guard ? { guard } : {}),
        actions: (t.actions ?? []).map(actionName),
        reenter: Boolean(t.reenter),
      });
    };
    for (const [event, list] of n.transitions) list.forEach((t, i) => add(event, t, i));
    (n.always ?? []).forEach((t, i) => add('', t, i));
    if (n.type === 'history') {
      edges.push({
        id: `${pathId(n)}:history`,
        source: pathId(n),
        targets: historyTargets(n, byStateId),
        event: 'history',
        label: n.history === 'deep' ? 'deep history default' : 'history default',
        kind: 'history',
        actions: [],
        reenter: false,
      });
    }
  }
  return { machine: name, root: pathId(root), nodes, edges };
}
