import { DEMO_TENANT_FILE } from '../runtime/config';
import { measureBookingTurns, type BookingTurnsResult } from './booking-turns';
import { withQuietRuntime } from './quiet-runtime';
import { round, summarize } from './stats';

/** What customers of the demo salon write; each message is a full chain (parser, calls, replies). */
const SCRIPT = [
  'hello',
  'I want a haircut tomorrow at 3pm',
  'anyone',
  'how much is a pedicure?',
  'nataka kusuka jumamosi asubuhi',
  'menu',
];

export interface ConversationBenchResult {
  threads: number;
  messagesPerSec: number;
  turnsPerSec: number;
  messageLatency: { p50Ms: number; p99Ms: number };
  /** Customer turns per complete booking request (issue 18). */
  bookingTurns: BookingTurnsResult;
}

/**
 * Full turns with the customer-thread machine: embedded parser, booking calls through the
 * outbox, replies after commit. A message's latency is until every turn it caused committed.
 */
export async function runConversationBench(opts: {
  seconds: number;
  threads: number;
}): Promise<ConversationBenchResult> {
  return withQuietRuntime({ RATIBA_DEMO_TENANT: DEMO_TENANT_FILE }, async (rt) => {
    const turnsBefore = await turns(rt.metrics.registry.getMetricsAsJSON());
    const deadline = performance.now() + opts.seconds * 1000;
    const latencies: number[] = [];
    await Promise.all(
      Array.from({ length: opts.threads }, async (_, i) => {
        for (let k = 0; performance.now() < deadline; k++) {
          const t0 = performance.now();
          const acc = await rt.ingress.acceptMessage(
            {
              tenant: 'demo',
              from: `+2547${String(20_000_000 + i).padStart(8, '0')}`,
              channel: 'simulator',
              text: SCRIPT[k % SCRIPT.length]!,
              source: 'bench',
            },
            { awaitReply: true },
          );
          await acc.replies;
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const turnsAfter = await turns(rt.metrics.registry.getMetricsAsJSON());
    const s = summarize(latencies);
    const bookingTurns = await measureBookingTurns(
      rt.ingress,
      'demo',
      (i) => `+2547${String(30_000_000 + i).padStart(8, '0')}`,
    );
    return {
      threads: opts.threads,
      messagesPerSec: round(s.n / opts.seconds, 0),
      turnsPerSec: round((turnsAfter - turnsBefore) / opts.seconds, 0),
      messageLatency: { p50Ms: round(s.p50), p99Ms: round(s.p99) },
      bookingTurns,
    };
  });
}

async function turns(
  metrics: Promise<
    { name: string; values: { value: number; labels: Record<string, unknown> }[] }[]
  >,
): Promise<number> {
  const m = (await metrics).find((x) => x.name === 'ratiba_turns_total');
  return (m?.values ?? [])
    .filter((v) => v.labels.outcome === 'committed')
    .reduce((a, v) => a + v.value, 0);
}
