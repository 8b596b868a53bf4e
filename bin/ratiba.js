#!/usr/bin/env node
// Entry point of `npx ratiba`: runs the TypeScript sources directly through tsx, so a fresh
// clone works right after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../runtime/cli/main.ts');
const code = await main(process.argv.slice(2));
// A failed command ends the process at once: nothing it left open may keep it running.
if (code !== 0) process.exit(code);
process.exitCode = code;
