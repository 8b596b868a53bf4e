/**
 * End to end, as a customer sees it: a signed WhatsApp text webhook posted to a runtime on a
 * bench database (customer-thread machine, embedded parser, production defaults) until the reply
 * reaches the fake Graph API (in a worker thread, timestamped there). Each of N customers runs a
 * closed loop: send a message, wait for its first reply, wait for the thread to settle (no more
 * sends for it), send the next. Latency is request sent -> first reply answered by the Graph API.
 *
 * The number's send rate is an option: at Meta's default 80 messages/s, N customers in this loop
 * ask for up to N / (latency + settle) replies a second, so from ~16 customers the bucket, not
 * the runtime, sets the latency (Little's law: mean latency >= N / 80 - settle, 250 ms at 32).
 * The runtime's figures use a number at 1,000/s (Meta's top tier); one run at 80/s shows the cap.
 */
import { Pool } from 'undici';
import type { Runtime } from '../runtime/app';
import { sign, waText, WA_TOKEN } from '../test-support/channel-test-kit';
import { withBenchDatabase } from './bench-database';
import { round, summarize } from './stats';
import { startBenchRuntime, startGraphWorker } from './webhook-bench';

export interface E2eRun {
  customers: number;
  /** The number's send rate limit. */
  messagesPerSecond: number;
  messages: number;
  /** Messages whose reply did not come within the timeout. */
  missing: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Webhook sent -> its 200 (the inbox row committed), p50 / p99. */
  ack: [number, number];
  /**
   * The message's inbox commit -> its turn's commit (database clock), p50 / p99: what acking at
   * the turn's commit (one commit per event) would add to the acknowledgement.
   */
  inboxToTurn: [number, number];
}

export interface E2eOptions {
  customers: number[];
  /** Per customer count. */
  seconds: number;
  /** A reply not seen after this long counts as missing. */
  replyTimeoutMs: number;
  /** After the first reply, the thread is settled when no send came for this long. */
  settleMs: number;
  /** The WhatsApp number's messages_per_second (its outbound rate limit). */
  messagesPerSecond: number;
}

export const DEFAULT_E2E_OPTIONS: E2eOptions = {
  customers: [1, 8, 32, 128],
  seconds: 8,
  replyTimeoutMs: 10_000,
  settleMs: 150,
  messagesPerSecond: 1000,
};

const TEXTS = ['hello', 'what are your prices?', 'hi', 'do you do braids?'];
const phoneOf = (run: number, i: number) => `2547${String(30_000_000 + run * 1000 + i)}`;

/** Sends by recipient: the waiter for the next one, and the time of the last. */
class SendWatch {
  private readonly waiters = new Map<string, (at: number) => void>();
  readonly last = new Map<string, number>();

  heard(to: string, at: number): void {
    this.last.set(to, at);
    const w = this.waiters.get(to);
    if (w) {
      this.waiters.delete(to);
      w(at);
    }
  }

  next(to: string, timeoutMs: number): Promise<number | undefined> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.waiters.delete(to);
        resolve(undefined);
      }, timeoutMs);
      this.waiters.set(to, (at) => {
        clearTimeout(t);
        resolve(at);
      });
    });
  }

  /** Resolves once `to` had no send for `quietMs`. */
  async settled(to: string, quietMs: number): Promise<void> {
    for (;;) {
      const wait = (this.last.get(to) ?? 0) + quietMs - Date.now();
      if (wait <= 0) return;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

async function oneRun(
  rt: Runtime,
  watch: SendWatch,
  run: number,
  customers: number,
  opts: E2eOptions,
): Promise<E2eRun> {
  const target = new URL(`${rt.http.url}/webhooks/whatsapp`);
  const pool = new Pool(target.origin, { connections: Math.min(customers, 64) });
  const latencies: number[] = [];
  const acks: number[] = [];
  let missing = 0;
  let n = 0;
  const end = Date.now() + opts.seconds * 1000;
  const customer = async (i: number) => {
    const phone = phoneOf(run, i);
    for (let k = 0; Date.now() < end; k++) {
      const body = waText(`wamid.e2e-${run}-${i}-${k}`, phone, TEXTS[k % TEXTS.length]!);
      const reply = watch.next(phone, opts.replyTimeoutMs);
      const sent = performance.timeOrigin + performance.now();
      const res = await pool.request({
        path: target.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body) },
        body,
      });
      await res.body.dump();
      acks.push(performance.timeOrigin + performance.now() - sent);
      if (res.statusCode !== 200) throw new Error(`webhook answered ${res.statusCode}`);
      const at = await reply;
      n++;
      if (at === undefined) missing++;
      else latencies.push(at - sent);
      await watch.settled(phone, opts.settleMs);
    }
  };
  try {
    await Promise.all(Array.from({ length: customers }, (_, i) => customer(i)));
  } finally {
    await pool.close();
  }
  const s = summarize(latencies);
  const a = summarize(acks);
  const { rows } = await rt.db.query<{ p: number[] }>(
    `SELECT percentile_cont(ARRAY[0.5, 0.99]) WITHIN GROUP
       (ORDER BY extract(epoch FROM processed_at - received_at) * 1000) AS p
     FROM t_demo.inbox WHERE event_id LIKE $1 AND processed_at IS NOT NULL`,
    [`%wamid.e2e-${run}-%`],
  );
  const [t50, t99] = rows[0]?.p ?? [NaN, NaN];
  return {
    customers,
    messagesPerSecond: opts.messagesPerSecond,
    messages: n,
    missing,
    p50Ms: round(s.p50, 1),
    p99Ms: round(s.p99, 1),
    maxMs: round(s.max, 1),
    ack: [round(a.p50, 1), round(a.p99, 1)],
    inboxToTurn: [round(t50 ?? NaN, 1), round(t99 ?? NaN, 1)],
  };
}

/** One runtime, one bench database; the customer counts one after the other. */
export async function runE2eBench(options: Partial<E2eOptions> = {}): Promise<E2eRun[]> {
  const opts = { ...DEFAULT_E2E_OPTIONS, ...options };
  const watch = new SendWatch();
  const graph = await startGraphWorker(WA_TOKEN, (to, at) => watch.heard(to, at));
  try {
    return await withBenchDatabase(async (dbUrl) => {
      const rt = await startBenchRuntime(dbUrl, graph.url, opts.messagesPerSecond);
      try {
        // Warm-up: first turns compile machines and fill caches.
        await oneRun(rt, watch, 0, 4, { ...opts, seconds: 2 });
        const runs: E2eRun[] = [];
        for (const [k, c] of opts.customers.entries())
          runs.push(await oneRun(rt, watch, k + 1, c, opts));
        return runs;
      } finally {
        await rt.stop();
      }
    });
  } finally {
    await graph.close();
  }
}
