/**
 * Static checks of docker-compose.yml and its parts (no Docker engine on the development
 * machines): what `docker compose config` would refuse, and what would only fail at run time
 * on someone's server — a variable the nodes do not read, a mounted file that is not there, a
 * dependency on a health check nobody defined.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { ENV_VARIABLES } from '../../runtime/config';
import {
  ENV_EXAMPLE,
  OVERRIDE_COMPOSE_FILES,
  REPO_ROOT,
  composeChain,
  environmentOf,
  readComposeFile,
  readEnvFile,
  servicesOf,
  variablesUsed,
  type ServiceEntry,
  type Yaml,
} from './compose-files';

const SCHEMA = JSON.parse(
  readFileSync(resolve(import.meta.dirname, 'compose-spec.json'), 'utf8'),
) as Yaml;
// The vendored schema names draft 7 as https://json-schema.org/draft-07/schema; Ajv knows the
// same meta-schema by its canonical id.
const compileSchema = () =>
  new Ajv({ strict: false, allErrors: true }).compile({
    ...SCHEMA,
    $schema: 'http://json-schema.org/draft-07/schema#',
  });
const chain = composeChain();
const allFiles = [...chain, ...OVERRIDE_COMPOSE_FILES.map(readComposeFile)];
const envExample = readEnvFile(ENV_EXAMPLE);
const services = servicesOf(chain, envExample);
const byName = new Map(services.map((s) => [s.name, s]));
const isRatiba = (s: ServiceEntry) =>
  typeof s.service.build === 'object' &&
  (s.service.build as Yaml).dockerfile === 'docker/Dockerfile';

describe('compose files', () => {
  it('chain the infrastructure and the application from docker-compose.yml', () => {
    expect(chain.map((f) => f.path.slice(REPO_ROOT.length + 1))).toEqual([
      'docker-compose.yml',
      'docker/compose.app.yml',
      'docker/compose.infra.yml',
    ]);
  });

  it('are valid against the compose-spec JSON schema', () => {
    const validate = compileSchema();
    for (const f of allFiles) {
      const ok = validate(f.raw);
      expect(ok ? [] : validate.errors, f.path).toEqual([]);
    }
  });

  it('the schema check catches what compose refuses (a misspelt key, a wrong type)', () => {
    const validate = compileSchema();
    expect(validate({ services: { a: { image: 'x', restart_policy: 'always' } } })).toBe(false);
    expect(validate({ services: { a: { image: 'x', ports: { a: 1 } } } })).toBe(false);
    expect(validate({ services: { a: { image: 'x', ports: ['3000:3000'] } } })).toBe(true);
  });

  it('every variable they use is in .env.example, and .env.example has nothing unused', () => {
    const used = new Set(allFiles.flatMap((f) => variablesUsed(f.text)).map((v) => v.name));
    expect([...used].filter((v) => !(v in envExample)).sort()).toEqual([]);
    expect(Object.keys(envExample).filter((v) => !used.has(v))).toEqual([]);
  });

  it('every required variable (${VAR:?}) has a value in .env.example, so `cp` is enough to start', () => {
    const required = allFiles.flatMap((f) => variablesUsed(f.text)).filter((v) => v.required);
    expect(required.length).toBeGreaterThan(5);
    for (const v of required) expect(envExample[v.name], v.name).toBeTruthy();
  });

  it('the Ratiba containers set only variables the configuration reads', () => {
    const ratiba = services.filter(isRatiba);
    expect(ratiba.map((s) => s.name).sort()).toEqual(['migrate', 'ratiba', 'voice-worker']);
    const overrides = servicesOf(OVERRIDE_COMPOSE_FILES.map(readComposeFile), envExample);
    for (const s of [...ratiba, ...overrides.filter((o) => o.name === 'ratiba')]) {
      const unknown = Object.keys(environmentOf(s.service)).filter(
        (k) => !ENV_VARIABLES.includes(k),
      );
      expect(unknown, `${s.name} in ${s.file}`).toEqual([]);
    }
    // And the values parse: the configuration a node boots with is valid.
    const env = environmentOf(byName.get('ratiba')!.service);
    expect(env.DATABASE_URL).toMatch(/^postgres:\/\/ratiba:.+@postgres:5432\/ratiba$/);
  });

  it('every bind-mounted file, build context and Dockerfile exists', () => {
    for (const s of services) {
      const base = dirname(s.file);
      for (const v of (s.service.volumes ?? []) as (string | Yaml)[]) {
        const source = typeof v === 'string' ? v.split(':')[0]! : String(v.source);
        if (!source.startsWith('.') && !source.startsWith('/')) continue; // a named volume
        expect(existsSync(resolve(base, source)), `${s.name}: ${source}`).toBe(true);
      }
      const build = s.service.build as Yaml | undefined;
      if (build) {
        const context = resolve(base, String(build.context));
        expect(statSync(context).isDirectory()).toBe(true);
        expect(existsSync(resolve(context, String(build.dockerfile))), s.name).toBe(true);
      }
    }
  });

  it('dependencies exist and wait on health checks or completed one-shot jobs', () => {
    for (const s of services) {
      const deps = (s.service.depends_on ?? {}) as Record<string, { condition: string }>;
      expect(Array.isArray(deps), `${s.name}: long depends_on syntax`).toBe(false);
      for (const [dep, { condition }] of Object.entries(deps)) {
        const target = byName.get(dep);
        expect(target, `${s.name} depends on ${dep}`).toBeDefined();
        if (condition === 'service_healthy') {
          expect(target!.service.healthcheck, `${dep} needs a healthcheck`).toBeDefined();
        } else {
          expect(condition, `${s.name} -> ${dep}`).toBe('service_completed_successfully');
          expect(target!.service.restart, `${dep} is a one-shot job`).toBe('no');
        }
      }
    }
    // Migrations run once before any node starts.
    expect(byName.get('ratiba')!.service.depends_on).toMatchObject({
      migrate: { condition: 'service_completed_successfully' },
    });
  });

  it('long-running services restart, have resource limits and health checks', () => {
    for (const s of services) {
      const limits = ((s.service.deploy as Yaml | undefined)?.resources as Yaml | undefined)
        ?.limits as Yaml | undefined;
      expect(limits?.memory, `${s.name} memory limit`).toBeTruthy();
      expect(limits?.cpus, `${s.name} cpu limit`).toBeTruthy();
      if (s.service.restart === 'no') continue;
      expect(s.service.restart, s.name).toBe('unless-stopped');
      if (!s.service.profiles) expect(s.service.healthcheck, `${s.name} healthcheck`).toBeDefined();
    }
  });

  it('runs the whole system: infrastructure, a cluster of nodes, voice and tunnel profiles', () => {
    expect([...byName.keys()].sort()).toEqual(
      [
        'cloudflared',
        'keycloak',
        'livekit',
        'livekit-sip',
        'migrate',
        'minio',
        'minio-init',
        'nats',
        'postgres',
        'proxy',
        'ratiba',
        'redis',
        'voice-worker',
      ].sort(),
    );
    expect(byName.get('postgres')!.service.image).toMatch(/^postgres:16/);
    expect(byName.get('redis')!.service.image).toMatch(/^redis:7/);
    expect(byName.get('nats')!.service.command).toContain('--jetstream');
    expect(byName.get('keycloak')!.service.command).toContain('--import-realm');
    expect(Number((byName.get('ratiba')!.service.deploy as Yaml).replicas)).toBeGreaterThanOrEqual(
      2,
    );
    expect(byName.get('livekit')!.service.profiles).toEqual(['voice']);
    // The voice worker: the same image, the worker command, the LiveKit server it registers with.
    const worker = byName.get('voice-worker')!.service;
    expect(worker.profiles).toEqual(['voice']);
    expect(worker.command).toEqual(['node', 'dist/ratiba.js', 'voice-worker']);
    expect(environmentOf(worker).LIVEKIT_URL).toBe('ws://livekit:7880');
    expect(byName.get('livekit-sip')!.service.profiles).toEqual(['voice']);
    expect(byName.get('cloudflared')!.service.profiles).toEqual(['tunnel']);
    const nodes = environmentOf(byName.get('ratiba')!.service);
    expect(nodes.NATS_URL).toBe('nats://nats:4222');
    expect(nodes.S3_ENDPOINT).toBe('http://minio:9000');
    expect(nodes.S3_BUCKET).toBe(environmentOf(byName.get('minio-init')!.service).S3_BUCKET);
  });
});

describe('variable references', () => {
  it('are read like compose reads them', () => {
    const uses = variablesUsed('a: ${A:?need A}\nb: ${B:-x}\nc: $$C\nd: $D\n# e: ${E}\n');
    expect(uses).toEqual([
      { name: 'A', required: true },
      { name: 'B', required: false, default: 'x' },
      { name: 'D', required: false },
    ]);
  });
});
