/**
 * What the cluster fault tests run in each process instead of `ratiba start`: the same runtime,
 * configured from the environment the same way, with every effect handler reporting its
 * idempotency key to the test's fake provider (`RATIBA_TEST_EFFECT_SINK`, see effect-sink.ts).
 * Kept out of the production wiring: `runtime/app.ts` only offers the `decorateHandlers` hook.
 *
 * Run as `node --import tsx test-support/cluster-node.ts`; exits 0 after SIGTERM/SIGINT once
 * the runtime has stopped gracefully, as `ratiba start` does.
 */
import { startRuntime } from '../runtime/app';
import { loadConfig } from '../runtime/config';
import { withEffectSink } from './effect-sink';

const config = loadConfig();
// Test-only, so read here rather than in the production configuration.
const sink = process.env.RATIBA_TEST_EFFECT_SINK
  ? new URL(process.env.RATIBA_TEST_EFFECT_SINK).href
  : undefined;
const runtime = await startRuntime(
  config,
  sink ? { decorateHandlers: (handlers) => withEffectSink(handlers, sink) } : {},
);
await new Promise<void>((resolve) => {
  process.once('SIGTERM', () => resolve());
  process.once('SIGINT', () => resolve());
});
await runtime.stop();
process.exitCode = 0;
