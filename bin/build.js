#!/usr/bin/env node
// `npm run build`: bundles the backend (every TypeScript file `ratiba` reaches, no tsx at run
// time) into dist/ratiba.js with esbuild; node_modules stay external (the image installs the
// production dependencies). The console is built by `npm run build:dashboard`, which
// `npm run build` runs next. The Dockerfile runs exactly this.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
export const OUTFILE = resolve(ROOT, 'dist/ratiba.js');

/**
 * Source files find their data (sql/, tenants/, dashboard/build) relative to their own folder
 * (`import.meta.dirname`). In one bundle that folder is dist/, so each file's
 * `import.meta.dirname` becomes the folder it had in the source tree, computed from dist/ at
 * run time: the bundle works wherever the tree is (the image copies it to /app).
 */
const sourceDirname = {
  name: 'source-dirname',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      let contents = await readFile(args.path, 'utf8');
      if (contents.includes('import.meta.dirname') && !args.path.includes('node_modules')) {
        const rel = relative(ROOT, dirname(args.path)).split('\\').join('/');
        const expr = `__ratibaSourceDir(${JSON.stringify(rel)})`;
        contents = contents.replaceAll('import.meta.dirname', expr);
      }
      return { contents, loader: 'ts' };
    });
  },
};

const banner = [
  "import { resolve as __ratibaResolve } from 'node:path';",
  'const __ratibaSourceDir = (rel) => __ratibaResolve(import.meta.dirname, "..", rel);',
].join('\n');

const entry = `import { main } from './runtime/cli/main.ts';
process.exitCode = await main(process.argv.slice(2));
`;

const result = await build({
  stdin: { contents: entry, resolveDir: ROOT, sourcefile: 'ratiba-entry.ts', loader: 'ts' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outfile: OUTFILE,
  sourcemap: 'linked',
  banner: { js: banner },
  plugins: [sourceDirname],
  logLevel: 'warning',
  metafile: true,
});
const inputs = Object.keys(result.metafile.inputs).length;
const bytes = (await readFile(OUTFILE)).length;
console.log(
  `build: ${relative(ROOT, OUTFILE)} (${inputs} sources, ${Math.round(bytes / 1024)} KiB)`,
);

// The LiveKit job module of `ratiba voice-worker` (LiveKit imports it in each job process).
await build({
  entryPoints: [resolve(ROOT, 'runtime/voice-worker/voice-agent.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  outfile: resolve(ROOT, 'dist/voice-agent.js'),
  sourcemap: 'linked',
  banner: { js: banner },
  plugins: [sourceDirname],
  logLevel: 'warning',
});
