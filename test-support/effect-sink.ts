import { createServer, type Server } from 'node:http';
import type { EffectHandlers } from '../runtime/effects/effect-handler';

/**
 * A fake provider for the fault tests. Processes started with `RATIBA_TEST_EFFECT_SINK` (through
 * `cluster-node.ts`, which passes this as the runtime's `decorateHandlers`) wrap every effect
 * handler so that each attempt first posts its idempotency key here (and fails,
 * to be retried with the same key, when the sink does not answer 200). The sink, like a provider
 * that honours idempotency keys, accepts a key once and counts the repeats.
 */
export function withEffectSink(handlers: EffectHandlers, url: string): void {
  for (const [kind, h] of handlers) {
    handlers.set(kind, {
      answers: h.answers,
      async run(payload, ctx) {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            kind,
            key: ctx.idempotencyKey,
            outboxId: ctx.outboxId,
            tenant: ctx.tenant.slug,
          }),
          // The sink lives in the test process, which also drives the burst: on a 2-core machine
          // at a load of 30 it answered after 5 s, and a report given up made a best-effort
          // effect (mark-as-read) dead, failing the test on its own instrument (issue 17).
          signal: AbortSignal.timeout(60_000),
        });
        if (!res.ok) throw new Error(`effect sink answered ${res.status}`);
        return h.run(payload, ctx);
      },
    });
  }
}

export interface EffectReport {
  kind: string;
  key: string;
  outboxId: number;
  tenant: string;
}

export interface TestEffectSink {
  url: string;
  /** Every report received, in order (repeats included). */
  reports: EffectReport[];
  /** Keys accepted (first sight) -> how many times each was received in all. */
  received: Map<string, number>;
  close(): Promise<void>;
}

/** The sink, on a free loopback port of the test process. */
export async function startEffectSink(): Promise<TestEffectSink> {
  const reports: EffectReport[] = [];
  const received = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      try {
        const r = JSON.parse(body) as EffectReport;
        reports.push(r);
        received.set(r.key, (received.get(r.key) ?? 0) + 1);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ accepted: received.get(r.key) === 1 }));
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    url: `http://127.0.0.1:${port}/effects`,
    reports,
    received,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
