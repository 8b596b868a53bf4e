import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const DASHBOARD = join(ROOT, 'dashboard');
const SOURCES = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'tsconfig.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** True when `dashboard/build` is missing or older than any of the console's sources. */
export function dashboardIsStale(): boolean {
  const built = join(DASHBOARD, 'build', 'index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return SOURCES.some((s) => newestMtime(join(DASHBOARD, s)) > builtAt);
}

/**
 * Builds the console when it is missing or stale (what `npm start` runs first). Without the
 * build tools (a production install without devDependencies) it says so and carries on: the
 * API works, the page explains how to build.
 */
export function ensureDashboardBuilt(out: NodeJS.WritableStream = process.stdout): number {
  if (!dashboardIsStale()) return 0;
  if (!existsSync(join(ROOT, 'node_modules', 'vite'))) {
    out.write(
      'console: not built and vite is not installed; run `npm ci` then `npm run build:dashboard`\n',
    );
    return 0;
  }
  out.write('console: building dashboard/ (only when its sources changed)…\n');
  const r = spawnSync('npm', ['run', '--silent', 'build:dashboard'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (r.status !== 0) out.write('console: the build failed; the API still starts\n');
  return 0;
}

/**
 * For tests (several files may want the build at once): builds under a lock directory so only
 * one `vite build` writes `dashboard/build`, and only if it is still stale when the lock is held.
 */
export function buildDashboardForTests(timeoutMs = 240_000): void {
  const lock = join(DASHBOARD, '.build-lock');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock left by a killed test run is older than any build takes.
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 300_000)
        rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('timed out waiting for the dashboard build lock');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
  }
  try {
    if (!dashboardIsStale()) return;
    const r = spawnSync('npm', ['run', '--silent', 'build:dashboard'], {
      cwd: ROOT,
      stdio: 'ignore',
    });
    if (r.status !== 0) throw new Error('npm run build:dashboard failed');
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
