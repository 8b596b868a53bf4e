import ELK, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk-api.js';
import elkWorkerUrl from 'elkjs/lib/elk-worker.min.js?url';
import type { GraphEdge, GraphNode, MachineGraph } from './api';

/** A laid-out statechart: absolute coordinates, ready for SVG. */
export interface LaidNode {
  node: GraphNode;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Transitions without a target (the state handles the event and stays). */
  internal: GraphEdge[];
  /** On a hub: the transitions into it that are not drawn as edges. */
  hubIn: GraphEdge[];
}

export interface LaidEdge {
  id: string;
  source: string;
  target: string;
  transitions: GraphEdge[];
  label: string;
  points: { x: number; y: number }[];
  labelBox: { x: number; y: number; width: number; height: number } | null;
}

export interface Layout {
  width: number;
  height: number;
  nodes: LaidNode[];
  edges: LaidEdge[];
  /** Transitions into hubs, not laid out (drawn on demand as the last transition). */
  hubEdges: GraphEdge[];
}

// Layout runs in a web worker: a big chart never freezes the page.
const elk = new ELK({ workerFactory: () => new Worker(elkWorkerUrl) });
const CHAR = 6.6;
const LABEL_H = 16;
/** A target reached from more than this many states is a hub (see below). */
const HUB_SOURCES = 4;

export function nodeLabel(n: GraphNode): string {
  if (n.type === 'history') return n.history === 'deep' ? 'H*' : 'H';
  return n.hidden ? `${n.key} ▸ +${n.hidden}` : n.key;
}

function edgeLabel(ts: GraphEdge[]): string {
  const names = [...new Set(ts.map((t) => (t.guard ? `${t.label} [${t.guard}]` : t.label)))];
  return names.length <= 2
    ? names.join(', ')
    : `${names.slice(0, 2).join(', ')} +${names.length - 2}`;
}

type Point = { x: number; y: number };
type EdgeMap = Map<string, GraphEdge[]>;

/** How the graph's transitions are drawn: as edges, inside their state, or listed on a hub. */
interface Partition {
  byId: Map<string, GraphNode>;
  internal: EdgeMap;
  grouped: EdgeMap;
  hubEdges: GraphEdge[];
}

const elkId = (id: string) => `n:${id}`;
const isAncestor = (a: string, b: string) => (a === '' ? b !== '' : b.startsWith(a + '.'));

// Hubs: a state that many others can jump to (`idle` on "start over", `optedOut` on STOP).
// Drawing every such edge turns a big chart into a hairball; they are listed on the hub
// instead ("from 12 states"), and drawn only when one of them is the last transition.
function findHubs(graph: MachineGraph): Set<string> {
  const sourcesOf = new Map<string, Set<string>>();
  for (const e of graph.edges)
    for (const t of e.targets)
      if (t !== e.source) sourcesOf.set(t, (sourcesOf.get(t) ?? new Set()).add(e.source));
  return new Set([...sourcesOf].filter(([, s]) => s.size > HUB_SOURCES).map(([target]) => target));
}

function partitionEdges(graph: MachineGraph): Partition {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const internal: EdgeMap = new Map();
  const grouped: EdgeMap = new Map();
  const hubs = findHubs(graph);
  const hubEdges: GraphEdge[] = [];
  for (const e of graph.edges) {
    const targets = e.targets.filter((t) => byId.has(t));
    if (targets.length === 0 || targets.every((t) => t === e.source)) {
      internal.set(e.source, [...(internal.get(e.source) ?? []), e]);
      continue;
    }
    for (const t of targets) {
      if (hubs.has(t)) {
        hubEdges.push({ ...e, targets: [t] });
        continue;
      }
      const key = `${e.source}->${t}`;
      grouped.set(key, [...(grouped.get(key) ?? []), e]);
    }
  }
  return { byId, internal, grouped, hubEdges };
}

function elkNode(n: GraphNode, p: Partition): ElkNode {
  const children = n.children.map((c) => p.byId.get(c)).filter((c): c is GraphNode => !!c);
  const label = nodeLabel(n);
  if (children.length === 0) {
    const isHistory = n.type === 'history';
    const extra = (p.internal.get(n.id)?.length ?? 0) > 0 ? 22 : 0;
    return {
      id: elkId(n.id),
      width: isHistory ? 30 : Math.max(70, label.length * CHAR + 28 + extra),
      height: isHistory ? 30 : 34,
    };
  }
  return {
    id: elkId(n.id),
    layoutOptions: {
      'elk.padding': '[top=30,left=12,bottom=12,right=12]',
      'elk.nodeSize.minimum': `(${label.length * CHAR + 40}, 40)`,
      'elk.nodeSize.constraints': 'MINIMUM_SIZE',
      'elk.direction': n.type === 'parallel' ? 'RIGHT' : 'DOWN',
    },
    children: children.map((c) => elkNode(c, p)),
  };
}

function elkEdges(grouped: EdgeMap): ElkExtendedEdge[] {
  return [...grouped].map(([key, ts]) => {
    const [source, target] = key.split('->') as [string, string];
    const label = edgeLabel(ts);
    return {
      id: `e:${key}`,
      sources: [elkId(source)],
      targets: [elkId(target)],
      labels: [{ text: label, width: label.length * CHAR * 0.92 + 6, height: LABEL_H }],
    };
  });
}

function runElk(root: ElkNode, edges: ElkExtendedEdge[]): Promise<ElkNode> {
  return elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '34',
      'elk.spacing.nodeNode': '22',
      'elk.spacing.edgeLabel': '2',
      'elk.edgeLabels.inline': 'true',
      'elk.layered.edgeLabels.sideSelection': 'ALWAYS_DOWN',
      'elk.padding': '[top=8,left=8,bottom=8,right=8]',
    },
    children: [root],
    edges,
  });
}

/** Lays out; if ELK fails, retries with edges into a state's own descendants made internal. */
async function layoutWithFallback(root: GraphNode, p: Partition): Promise<ElkNode> {
  const edges = elkEdges(p.grouped);
  try {
    return await runElk(elkNode(root, p), edges);
  } catch {
    // Some hierarchies defeat ELK with edges into a state's own descendants: draw those as the
    // state's internal transitions instead of failing the whole graph.
    const kept = edges.filter((e) => {
      const [s, t] = e.id.slice(2).split('->') as [string, string];
      if (!isAncestor(s, t) && !isAncestor(t, s)) return true;
      const moved = p.grouped.get(`${s}->${t}`) ?? [];
      p.internal.set(s, [...(p.internal.get(s) ?? []), ...moved]);
      p.grouped.delete(`${s}->${t}`);
      return false;
    });
    return runElk(elkNode(root, p), kept);
  }
}

/** Every laid-out node in absolute coordinates, and each ELK node's offset. */
function laidNodes(laid: ElkNode, p: Partition) {
  const nodes: LaidNode[] = [];
  const offset = new Map<string, Point>([['root', { x: 0, y: 0 }]]);
  const walk = (n: ElkNode, ox: number, oy: number) => {
    const x = ox + (n.x ?? 0);
    const y = oy + (n.y ?? 0);
    offset.set(n.id, { x, y });
    const id = n.id.slice(2);
    nodes.push({
      node: p.byId.get(id)!,
      x,
      y,
      width: n.width ?? 0,
      height: n.height ?? 0,
      internal: p.internal.get(id) ?? [],
      hubIn: p.hubEdges.filter((e) => e.targets[0] === id),
    });
    for (const c of n.children ?? []) walk(c, x, y);
  };
  for (const c of laid.children ?? []) walk(c, 0, 0);
  return { nodes, offset };
}

function laidEdge(e: ElkExtendedEdge, o: Point, grouped: EdgeMap): LaidEdge {
  const points: Point[] = [];
  for (const s of e.sections ?? []) {
    points.push({ x: s.startPoint.x + o.x, y: s.startPoint.y + o.y });
    for (const b of s.bendPoints ?? []) points.push({ x: b.x + o.x, y: b.y + o.y });
    points.push({ x: s.endPoint.x + o.x, y: s.endPoint.y + o.y });
  }
  const key = e.id.slice(2);
  const [source, target] = key.split('->') as [string, string];
  const l = e.labels?.[0];
  return {
    id: e.id,
    source,
    target,
    transitions: grouped.get(key) ?? [],
    label: l?.text ?? '',
    points,
    labelBox:
      l && l.x !== undefined && l.y !== undefined
        ? { x: l.x + o.x, y: l.y + o.y, width: l.width ?? 0, height: l.height ?? 0 }
        : null,
  };
}

function laidEdges(laid: ElkNode, offset: Map<string, Point>, grouped: EdgeMap): LaidEdge[] {
  const out: LaidEdge[] = [];
  const collect = (n: ElkNode) => {
    for (const e of n.edges ?? []) {
      // ELK gives edge coordinates relative to the edge's container.
      const container = (e as { container?: string }).container ?? n.id;
      out.push(laidEdge(e, offset.get(container) ?? { x: 0, y: 0 }, grouped));
    }
    for (const c of n.children ?? []) collect(c);
  };
  collect(laid);
  return out;
}

/**
 * Lays a machine graph out with ELK (layered, hierarchy included so edges cross compound
 * states). Transitions between the same two states are drawn as one edge with their events.
 */
export async function layoutGraph(graph: MachineGraph): Promise<Layout> {
  const p = partitionEdges(graph);
  const root = p.byId.get(graph.root);
  if (!root) return { width: 0, height: 0, nodes: [], edges: [], hubEdges: [] };
  const laid = await layoutWithFallback(root, p);
  const { nodes, offset } = laidNodes(laid, p);
  return {
    width: laid.width ?? 0,
    height: laid.height ?? 0,
    nodes,
    edges: laidEdges(laid, offset, p.grouped),
    hubEdges: p.hubEdges,
  };
}
