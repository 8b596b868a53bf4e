#!/usr/bin/env node
// Entry point of `npx ratiba`: runs the TypeScript sources directly through tsx, so a fresh
// clone works right after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const argv = process.argv.slice(2);
// `call` is the voice pipeline's (voice/ sits above runtime/ in the layers).
const { main } =
  argv[0] === 'call'
    ? await import('../voice/call-cli.ts')
    : await import('../runtime/cli/main.ts');
process.exitCode = await main(argv);
