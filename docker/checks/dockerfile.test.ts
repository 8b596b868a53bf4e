/**
 * Lints docker/Dockerfile (dockerfile-utils, the VS Code Docker extension's validator, every
 * rule an error) and checks what hadolint and a reviewer would: pinned base images, apt hygiene,
 * a non-root user, the health check, tini as PID 1, only production dependencies in the final
 * image, and that every file it copies from the repository is there and not docker-ignored.
 * That the CMD starts what `npm run build` produces is proven by production-build.int.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { validate, ValidationSeverity } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './compose-files';
import { readDockerfile, type Stage, type Step } from './dockerfile-model';

const { text, stages } = readDockerfile();
const stage = (name: string): Stage => {
  const s = stages.find((x) => x.name === name);
  if (!s) throw new Error(`no stage ${name}`);
  return s;
};
const runtime = stages.at(-1)!;
const steps = (s: Stage, keyword: string): Step[] => s.steps.filter((x) => x.keyword === keyword);
const dockerignore = readFileSync(resolve(REPO_ROOT, '.dockerignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));

describe('docker/Dockerfile', () => {
  it('passes the linter with every rule as an error', () => {
    const E = ValidationSeverity.ERROR;
    const problems = validate(text, {
      deprecatedMaintainer: E,
      directiveCasing: E,
      emptyContinuationLine: E,
      instructionCasing: E,
      instructionCmdMultiple: E,
      instructionEntrypointMultiple: E,
      instructionHealthcheckMultiple: E,
      instructionJSONInSingleQuotes: E,
      instructionWorkdirRelative: E,
    });
    expect(problems.map((p) => `${p.range.start.line + 1}: ${JSON.stringify(p.message)}`)).toEqual(
      [],
    );
    // The linter is live: it refuses a broken file.
    expect(
      validate('FROM node:22\nCMD node a.js\nCMD node b.js\nWORKDIR app\n', {
        instructionCmdMultiple: E,
        instructionWorkdirRelative: E,
      }).length,
    ).toBeGreaterThanOrEqual(2);
  });

  it('builds in stages on Node 22 LTS slim, every base image tagged (never latest)', () => {
    expect(stages.map((s) => s.name)).toEqual(['build', 'prod-deps', 'runtime']);
    for (const s of stages) {
      expect(s.image, s.name).toMatch(/^node:22(\.\d+)*-[a-z]+-slim$/);
    }
  });

  it('compiles in the build stage with `npm run build` after a locked install', () => {
    const runs = steps(stage('build'), 'RUN').map((r) => r.text);
    expect(runs[0]).toMatch(/^npm ci\b/);
    expect(runs).toContain('npm run build');
    const pkg = JSON.parse(readFileSync(resolve(REPO_ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(pkg.scripts.build).toMatch(/node bin\/build\.js/);
    expect(pkg.scripts.build).toMatch(/npm run build:dashboard/);
  });

  it('ships only production dependencies and the built files', () => {
    expect(steps(stage('prod-deps'), 'RUN')[0]!.text).toMatch(/^npm ci --omit=dev\b/);
    const copies = steps(runtime, 'COPY');
    const fromStage = copies.filter((c) => c.flags.from);
    expect(fromStage.find((c) => c.args[1] === './node_modules')?.flags.from).toBe('prod-deps');
    expect(fromStage.map((c) => c.args[0])).toEqual(
      expect.arrayContaining(['/src/dist', '/src/dashboard/build']),
    );
    for (const c of copies) expect(c.flags.chown, c.text).toBe('1000:1000');
    // Never the sources or the dev toolchain: no `COPY . .` into the runtime image.
    expect(copies.some((c) => c.args[0] === '.')).toBe(false);
  });

  it('copies from the repository only files that exist and .dockerignore lets through', () => {
    const sources = stages.flatMap((s) =>
      steps(s, 'COPY')
        .filter((c) => !c.flags.from)
        .flatMap((c) => c.args.slice(0, -1)),
    );
    expect(sources.length).toBeGreaterThan(3);
    for (const src of sources) {
      if (src === '.') continue;
      expect(existsSync(resolve(REPO_ROOT, src)), src).toBe(true);
      expect(
        dockerignore.some((p) => src === p || src.startsWith(`${p}/`)),
        src,
      ).toBe(false);
    }
    for (const never of ['node_modules', '.env', 'dist', 'data', '.git']) {
      expect(dockerignore, never).toContain(never);
    }
  });

  it('installs system packages the way hadolint asks (no recommends, lists removed)', () => {
    for (const r of stages.flatMap((s) => steps(s, 'RUN'))) {
      if (!r.text.includes('apt-get install')) continue;
      expect(r.text).toMatch(/apt-get update/);
      for (const install of r.text.match(/apt-get install[^;&|]*/g) ?? []) {
        expect(install).toMatch(/-y\b/);
        expect(install).toMatch(/--no-install-recommends/);
      }
      expect(r.text).toMatch(/rm -rf \/var\/lib\/apt\/lists\/\*/);
    }
  });

  it('runs as uid 1000 under tini, health-checked on /readyz, `ratiba start` by default', () => {
    const users = steps(runtime, 'USER');
    expect(users.at(-1)?.args[0]).toMatch(/^1000(:1000)?$/);
    const idx = (k: string) => runtime.steps.findIndex((s) => s.keyword === k);
    expect(idx('USER')).toBeLessThan(idx('CMD'));
    expect(steps(runtime, 'ENTRYPOINT')[0]?.args).toEqual(['/usr/bin/tini', '--']);
    expect(steps(runtime, 'RUN')[0]?.text).toMatch(/install -y --no-install-recommends tini/);
    expect(steps(runtime, 'CMD')[0]?.args).toEqual(['node', 'dist/ratiba.js', 'start']);
    const health = steps(runtime, 'HEALTHCHECK')[0]!;
    expect(health.text).toMatch(/CMD \["node", "docker\/healthcheck\.js"\]/);
    expect(readFileSync(resolve(REPO_ROOT, 'docker/healthcheck.js'), 'utf8')).toMatch(/\/readyz/);
    expect(steps(runtime, 'STOPSIGNAL')[0]?.args).toEqual(['SIGTERM']);
  });
});
