/**
 * Holds the house to DESIGN.md section 2 (see docs/architecture.md, "Layers"): no import cycle
 * (`npx madge --circular --extensions ts,svelte .`), each top-level folder imports only the folders
 * below it, through their `index.ts`, production code never imports test harness, and source files
 * and functions stay small enough to read.
 */
import { readFileSync } from 'node:fs';
import madge from 'madge';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;

/** What each folder's production code may import of the project (DESIGN.md section 2). */
export const LAYERS: Readonly<Record<string, readonly string[]>> = {
  contract: [],
  machines: ['contract'],
  understanding: ['contract'],
  booking: ['contract'],
  adapters: ['contract'],
  voice: ['contract', 'adapters'],
  runtime: ['contract', 'machines', 'understanding', 'booking', 'adapters', 'voice'],
  dashboard: ['contract'],
};

/** The runtime's tables and the one module that inserts, updates and deletes each. */
const TABLE_OWNERS: Readonly<Record<string, string>> = {
  inbox: 'runtime/stores/inbox.ts',
  journal: 'runtime/stores/journal.ts',
  actor_snapshots: 'runtime/stores/journal.ts',
  outbox: 'runtime/stores/outbox.ts',
  timers: 'runtime/stores/timers.ts',
  threads: 'runtime/stores/threads.ts',
  deliveries: 'runtime/stores/deliveries.ts',
  shard_leases: 'runtime/stores/shard-leases.ts',
  pesapal_ipns: 'runtime/stores/pesapal-ipns.ts',
  catalog_drafts: 'runtime/stores/catalog-drafts.ts',
};
/** A write statement's table: `INSERT INTO ${s}.inbox`, `UPDATE public.shard_leases`, ... */
const WRITE = new RegExp(
  `(?:INSERT INTO|UPDATE|DELETE FROM)\\s+(?:\\$\\{[^}]+\\}|public)\\.(${Object.keys(TABLE_OWNERS).join('|')})\\b`,
  'g',
);

const MAX_FILE_LINES = 300;
const MAX_FUNCTION_LINES = 80;

const isTest = (f: string) => /\.test\.ts$|\.conformance\.ts$|\/testing\/|\/fixtures\//.test(f);
const top = (f: string) => f.split('/')[0] ?? '';
/** Production source: in a layer folder, not a test, not a fake, not generated. */
const isProduction = (f: string) =>
  top(f) in LAYERS && !isTest(f) && !f.includes('/.svelte-kit/') && !f.endsWith('.d.ts');

let graph: Record<string, string[]>;
let circular: string[][];

beforeAll(async () => {
  const result = await madge(ROOT, {
    fileExtensions: ['ts', 'svelte'],
    tsConfig: `${ROOT}tsconfig.json`,
    excludeRegExp: [/node_modules/, /\.svelte-kit/, /(^|\/)data\//, /(^|\/)build\//],
  });
  graph = result.obj();
  circular = result.circular();
}, 60_000);

describe('the house', () => {
  it('has no import cycle', () => {
    expect(circular.map((c) => c.join(' > '))).toEqual([]);
  });

  it('imports only downward, through each folder’s index.ts, and never test harness', () => {
    const broken: string[] = [];
    for (const [file, deps] of Object.entries(graph)) {
      if (!isProduction(file)) continue;
      const from = top(file);
      for (const dep of deps) {
        const to = top(dep);
        if (to === from) continue;
        if (to === 'test-support' || isTest(dep)) broken.push(`${file} -> ${dep} (test harness)`);
        else if (!(to in LAYERS)) continue;
        else if (!LAYERS[from]?.includes(to)) broken.push(`${file} -> ${dep} (layer)`);
        else if (!isPublicSurface(dep)) broken.push(`${file} -> ${dep} (not the index.ts)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('writes each table of the runtime from its one store module', () => {
    const writers = new Map<string, Set<string>>();
    for (const file of Object.keys(graph).filter(isProduction)) {
      const text = readFileSync(ROOT + file, 'utf8');
      for (const m of text.matchAll(WRITE)) {
        const table = m[1]!;
        writers.set(table, (writers.get(table) ?? new Set()).add(file));
      }
    }
    const found = Object.fromEntries(
      Object.keys(TABLE_OWNERS).map((t) => [t, [...(writers.get(t) ?? [])].sort()]),
    );
    expect(found).toEqual(
      Object.fromEntries(Object.entries(TABLE_OWNERS).map(([t, owner]) => [t, [owner]])),
    );
  });

  it(`keeps source files under ${MAX_FILE_LINES} lines`, () => {
    const long = Object.keys(graph)
      .filter(isProduction)
      .map((f) => [f, lineCount(f)] as const)
      .filter(([, n]) => n > MAX_FILE_LINES)
      .map(([f, n]) => `${f}: ${n}`);
    expect(long).toEqual([]);
  });

  it(`keeps functions under ${MAX_FUNCTION_LINES} lines`, () => {
    const long = Object.keys(graph)
      .filter((f) => isProduction(f) && f.endsWith('.ts'))
      .flatMap((f) => longFunctions(f, MAX_FUNCTION_LINES));
    expect(long).toEqual([]);
    // Parses every production file with the TypeScript compiler: seconds of CPU, more under load.
  }, 60_000);
});

/** `adapters/` is one surface per adapter folder (`adapters/<name>/index.ts`) besides its index. */
function isPublicSurface(dep: string): boolean {
  const parts = dep.split('/');
  if (parts.length === 2) return parts[1] === 'index.ts';
  return parts[0] === 'adapters' && parts.length === 3 && parts[2] === 'index.ts';
}

function lineCount(file: string): number {
  return readFileSync(ROOT + file, 'utf8').split('\n').length;
}

function longFunctions(file: string, max: number): string[] {
  const text = readFileSync(ROOT + file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart()).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      if (end - start + 1 > max) found.push(`${file}:${start + 1} ${end - start + 1} lines`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
