/**
 * Reads the stack's compose files the way `docker compose` does, as far as the static checks
 * need: YAML, `include` chains, and `${VAR}` interpolation (`:-`, `-`, `:?`, `?`, `$$`).
 * No Docker engine runs on the development machines, so this is how the files are checked.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const MAIN_COMPOSE_FILE = resolve(REPO_ROOT, 'docker-compose.yml');
/** Chained with -f after the main file (development overrides). */
export const OVERRIDE_COMPOSE_FILES = [resolve(REPO_ROOT, 'docker/compose.dev.yml')];
export const ENV_EXAMPLE = resolve(REPO_ROOT, '.env.example');

export type Yaml = Record<string, unknown>;

export interface ComposeFile {
  path: string;
  /** As written (before interpolation). */
  raw: Yaml;
  text: string;
}

export function readComposeFile(path: string): ComposeFile {
  const text = readFileSync(path, 'utf8');
  // Anchors and merge keys (`<<: *x`) resolve as compose resolves them.
  const raw = parseYaml(text, { merge: true, maxAliasCount: 1000 }) as Yaml;
  return { path, raw, text };
}

/** The main file and every file it includes, transitively, in include order. */
export function composeChain(path = MAIN_COMPOSE_FILE): ComposeFile[] {
  const seen = new Set<string>();
  const out: ComposeFile[] = [];
  const visit = (p: string) => {
    if (seen.has(p)) throw new Error(`include cycle or duplicate include: ${p}`);
    seen.add(p);
    const file = readComposeFile(p);
    out.push(file);
    const include = (file.raw.include ?? []) as (string | { path: string | string[] })[];
    for (const entry of include) {
      const paths = typeof entry === 'string' ? [entry] : [entry.path].flat();
      for (const rel of paths) {
        const target = resolve(dirname(p), rel);
        if (!existsSync(target)) throw new Error(`${p}: included file missing: ${rel}`);
        visit(target);
      }
    }
  };
  visit(path);
  return out;
}

const VAR = /\$(\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

export interface VariableUse {
  name: string;
  /** `:?` / `?`: compose refuses to start without it. */
  required: boolean;
  default?: string;
}

/** Every `${VAR…}` / `$VAR` a compose text uses (`$$` is an escaped dollar, not a variable). */
export function variablesUsed(text: string): VariableUse[] {
  const uses: VariableUse[] = [];
  const withoutComments = text
    .split('\n')
    .filter((l) => !l.trimStart().startsWith('#'))
    .join('\n');
  for (const m of withoutComments.matchAll(VAR)) {
    if (m[1] === '$') continue;
    const name = m[2] ?? m[5];
    if (!name) continue;
    const op = m[3];
    uses.push({
      name,
      required: op === ':?' || op === '?',
      ...(op === ':-' || op === '-' ? { default: m[4] ?? '' } : {}),
    });
  }
  return uses;
}

/** Compose's interpolation of one string value. Throws like compose on a missing `:?` variable. */
export function interpolate(value: string, env: Record<string, string | undefined>): string {
  return value.replace(
    VAR,
    (_all, dollar: string, name?: string, op?: string, arg?: string, bare?: string) => {
      if (dollar === '$') return '$';
      const key = name ?? bare ?? '';
      const v = env[key];
      switch (op) {
        case ':-':
          return v ? v : (arg ?? '');
        case '-':
          return v ?? arg ?? '';
        case ':?':
          if (!v) throw new Error(`required variable ${key} is missing a value: ${arg ?? ''}`);
          return v;
        case '?':
          if (v === undefined) throw new Error(`required variable ${key} is missing: ${arg ?? ''}`);
          return v;
        case undefined:
          return v ?? '';
        default:
          throw new Error(`unknown interpolation operator ${op}`);
      }
    },
  );
}

/** The whole YAML tree with every string interpolated. */
export function interpolateTree(node: unknown, env: Record<string, string | undefined>): unknown {
  if (typeof node === 'string') return interpolate(node, env);
  if (Array.isArray(node)) return node.map((n) => interpolateTree(n, env));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolateTree(v, env)]));
  }
  return node;
}

/** `KEY=value` lines of an env file (compose's .env syntax, without multi-line values). */
export function readEnvFile(path = ENV_EXAMPLE): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const t = line.trim();
    if (!t || t.startsWith('#')) continue;
    const eq = t.indexOf('=');
    if (eq <= 0) throw new Error(`${path}: not KEY=value: ${t}`);
    out[t.slice(0, eq).trim()] = t
      .slice(eq + 1)
      .trim()
      .replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}

export interface ServiceEntry {
  name: string;
  file: string;
  service: Yaml;
}

/** The services of the chain (after interpolation with `env`), each with the file defining it. */
export function servicesOf(
  files: ComposeFile[],
  env: Record<string, string | undefined>,
): ServiceEntry[] {
  return files.flatMap((f) => {
    const tree = interpolateTree(f.raw, env) as Yaml;
    const services = (tree.services ?? {}) as Record<string, Yaml>;
    return Object.entries(services).map(([name, service]) => ({ name, file: f.path, service }));
  });
}

/** `environment` as a map, whichever of compose's two forms it is written in. */
export function environmentOf(service: Yaml): Record<string, string> {
  const env = service.environment;
  if (!env) return {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      (env as string[]).map((e) => {
        const eq = e.indexOf('=');
        return eq < 0 ? [e, ''] : [e.slice(0, eq), e.slice(eq + 1)];
      }),
    );
  }
  return Object.fromEntries(
    Object.entries(env as Record<string, string | number | boolean | null>).map(([k, v]) => [
      k,
      v === null ? '' : String(v),
    ]),
  );
}
