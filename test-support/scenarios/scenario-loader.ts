import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { RatibaError } from '../../contract/errors';
import { scenarioSchema, type Scenario } from './scenario-schema';

/** The repository root: scenario and tenant file paths are relative to it. */
export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const SCENARIOS_DIR = join(REPO_ROOT, 'scenarios');

export interface ScenarioCustomer {
  name: string;
  /** E.164, unique to this scenario (derived from its file name unless the file gives one). */
  phone: string;
}

export interface LoadedScenario {
  /** Path relative to the repository root, e.g. `scenarios/en/book-haircut-happy.yaml`. */
  file: string;
  scenario: Scenario;
  customers: ScenarioCustomer[];
}

/** A scenario file that cannot be run as written: the message names the file and the field. */
export function formatError(file: string, message: string): RatibaError {
  return new RatibaError('bad_request', `${file}: ${message}`, { public: true });
}

function issuesText(error: z.ZodError): string {
  return error.issues
    .map((i) => `  ${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('\n');
}

/** A Kenyan mobile number of its own for each (file, customer): `+2547` + 8 digits. */
export function phoneFor(file: string, customer: string): string {
  const digits = BigInt(`0x${createHash('sha256').update(`${file}#${customer}`).digest('hex')}`);
  return `+25471${(digits % 10_000_000n).toString().padStart(7, '0')}`;
}

function customersOf(file: string, s: Scenario): ScenarioCustomer[] {
  if (Array.isArray(s.customers))
    return s.customers.map((n) => ({ name: n, phone: phoneFor(file, n) }));
  return Object.entries(s.customers).map(([n, c]) => ({
    name: n,
    phone: c.phone ?? phoneFor(file, n),
  }));
}

/** Names used in turns, seeds and expectations must be declared customers. */
function checkNames(file: string, s: Scenario, names: Set<string>): void {
  const bad = (path: string, n: string | undefined) => {
    if (n !== undefined && !names.has(n))
      throw formatError(
        file,
        `${path}: no customer named ${n} (customers: ${[...names].join(', ')})`,
      );
  };
  s.turns.forEach((t, i) => {
    bad(`turns.${i}.as`, t.as);
    t.together?.forEach((step, j) => bad(`turns.${i}.together.${j}.as`, step.as));
  });
  s.given?.appointments.forEach((a, i) => bad(`given.appointments.${i}.customer`, a.customer));
  s.then?.appointments?.forEach((a, i) => bad(`then.appointments.${i}.customer`, a.customer));
  for (const n of Object.keys(s.then?.threads ?? {})) bad(`then.threads.${n}`, n);
  s.admins?.forEach((n, i) => bad(`admins.${i}`, n));
  s.turns.forEach((t, i) => {
    for (const n of Object.keys(t.notified ?? {})) bad(`turns.${i}.notified.${n}`, n);
  });
}

/** Parses and validates one scenario's text; `file` is only used in messages. */
export function parseScenario(text: string, file: string): LoadedScenario {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw formatError(file, `not valid YAML: ${(err as Error).message}`);
  }
  const parsed = scenarioSchema.safeParse(doc);
  if (!parsed.success) throw formatError(file, `invalid scenario:\n${issuesText(parsed.error)}`);
  const customers = customersOf(file, parsed.data);
  checkNames(file, parsed.data, new Set(customers.map((c) => c.name)));
  return { file, scenario: parsed.data, customers };
}

export async function loadScenario(path: string): Promise<LoadedScenario> {
  const file = relative(REPO_ROOT, resolve(path));
  return parseScenario(await readFile(resolve(path), 'utf8'), file);
}

/** Every `*.yaml` under `dir` (default `scenarios/`), sorted, fixtures/ excluded. */
export async function listScenarioFiles(dir = SCENARIOS_DIR): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .filter((p) => !relative(dir, p).split(/[\\/]/).includes('fixtures'))
    .sort();
}
