import type { GraphEdge, GraphNode, MachineGraph } from './api';

/**
 * Collapsible regions of the statechart (issue 16): a collapsed compound state is drawn as one
 * box ("booking +12") and the transitions of the states inside it start or end at that box.
 * Transitions wholly inside a collapsed region are not drawn.
 */

/** The topmost compound states that are not active: what "collapse inactive" folds. */
export function inactiveRegions(graph: MachineGraph, active: ReadonlySet<string>): string[] {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  return graph.nodes
    .filter(
      (n) =>
        n.id !== graph.root &&
        n.children.length > 0 &&
        !active.has(n.id) &&
        (n.parent === null || active.has(n.parent) || !byId.has(n.parent)),
    )
    .map((n) => n.id)
    .sort();
}

/** The graph with `collapsed` states folded (their descendants hidden, counted on the box). */
export function collapseGraph(graph: MachineGraph, collapsed: ReadonlySet<string>): MachineGraph {
  if (collapsed.size === 0) return graph;
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  /** The visible node that stands for `id`: itself, or its outermost collapsed ancestor. */
  const visible = new Map<string, string>();
  const shown = (id: string): string => {
    const hit = visible.get(id);
    if (hit !== undefined) return hit;
    let at = id;
    for (let n = byId.get(id); n; n = n.parent === null ? undefined : byId.get(n.parent))
      if (collapsed.has(n.id) && n.id !== id) at = n.id;
    visible.set(id, at);
    return at;
  };
  const count = (n: GraphNode): number =>
    n.children.reduce((sum, c) => {
      const child = byId.get(c);
      return sum + 1 + (child ? count(child) : 0);
    }, 0);
  const nodes: GraphNode[] = graph.nodes
    .filter((n) => shown(n.id) === n.id)
    .map((n) => (collapsed.has(n.id) ? { ...n, children: [], hidden: count(n) } : n));
  const seen = new Set<string>();
  const edges: GraphEdge[] = [];
  for (const e of graph.edges) {
    const source = shown(e.source);
    const targets = [...new Set(e.targets.map(shown))];
    const inside = source !== e.source && targets.every((t) => t === source);
    if (inside) continue;
    const key = `${source}>${targets.join(',')}:${e.event}:${e.guard ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push(
      source === e.source && targets.join() === e.targets.join()
        ? e
        : { ...e, id: `${e.id}~`, source, targets },
    );
  }
  return { ...graph, nodes, edges };
}
