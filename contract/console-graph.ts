/**
 * A statechart as the console draws it, and the live feed of committed turns: shared by the
 * backend (runtime/console, runtime/supervisor) and the dashboard (`$contract/console-graph`).
 * Imports nothing of the project.
 */

export type GraphNodeType = 'atomic' | 'compound' | 'parallel' | 'final' | 'history';

export interface GraphNode {
  /** The state's path joined with '.', '' for the machine itself: matches state values. */
  id: string;
  key: string;
  /** XState's id of the node (`#id` targets). */
  stateId: string;
  parent: string | null;
  type: GraphNodeType;
  /** Shallow or deep history, on history nodes. */
  history?: 'shallow' | 'deep';
  /** True when this node is its parent's initial state. */
  initial: boolean;
  tags: string[];
  description?: string;
  children: string[];
}

export type GraphEdgeKind = 'event' | 'always' | 'after' | 'done' | 'invoke' | 'history';

export interface GraphEdge {
  id: string;
  source: string;
  /** Empty when the transition has no target (actions only, the state is kept). */
  targets: string[];
  /** The event type as the machine names it (`xstate.after.…`, `xstate.done.…` included). */
  event: string;
  /** Short human label of the event (`after 60s`, `always`, `done`). */
  label: string;
  kind: GraphEdgeKind;
  guard?: string;
  /** Named actions of the transition ('inline' for anonymous ones). */
  actions: string[];
  reenter: boolean;
}

export interface MachineGraph {
  machine: string;
  root: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** Published after every committed turn (the console's live feed). */
export interface TurnInfo {
  tenant: string;
  threadKey: string;
  shard: number;
  seq: number;
  eventType: string;
  outcome: string;
  stateValue: unknown;
  machine: string;
  at: number;
}

/** A turn on the console's WebSocket: the turn and the node that committed it. */
export interface LiveTurn extends TurnInfo {
  node: string;
}

/**
 * The graph node ids a state value makes active: `{ a: { b: 'c' } }` -> `a`, `a.b`, `a.b.c`
 * (and the root, ''). Used by the backend and in the browser.
 */
export function activeNodeIds(value: unknown, prefix: string[] = []): string[] {
  const here = prefix.length === 0 ? [''] : [];
  if (typeof value === 'string') return [...here, [...prefix, value].join('.')];
  if (value && typeof value === 'object') {
    const out = here;
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out.push([...prefix, k].join('.'));
      out.push(...activeNodeIds(v, [...prefix, k]));
    }
    return out;
  }
  return here;
}
