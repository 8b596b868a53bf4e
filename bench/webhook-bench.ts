/**
 * WhatsApp webhook acknowledgement under load: signed webhooks posted over HTTP to a runtime on
 * a bench database (customer-thread machine, embedded parser, replies sent to a fake Graph API at
 * the number's 80 messages/s), from a load generator in a worker thread, open loop. The fake Graph
 * API runs in a worker thread of its own, as it would run elsewhere in production.
 * Phase 1: a sustained 320 requests/s (80 messages/s + 240 statuses/s of the replies the runtime
 * sent) for `seconds`; phase 2: a burst of 1,000 message webhooks in one second. Latency is from
 * sending the request to its 200. "lost" counts acknowledged messages without an inbox row.
 */
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Runtime } from '../runtime/app';
import {
  applyChannelTenant,
  PHONE_NUMBER_ID,
  SECRET,
  WA_TOKEN as TOKEN,
} from '../test-support/channel-test-kit';
import { withBenchDatabase } from './bench-database';
import { startQuietRuntime } from './quiet-runtime';
import { round, summarize } from './stats';
import type { FromGraphWorker, GraphWorkerData } from './graph-worker';
import type { FromWorker, LoadData, LoadPhase, ToWorker } from './webhook-load';

export interface WebhookPhase {
  /** The rate offered. */
  requestsPerSec: number;
  /** Acknowledged (200) per second, first request to last answer: what the runtime kept up with. */
  achievedPerSec: number;
  sent: number;
  acked: number;
  /** Sent but not acknowledged with a 200 (any other status, or no answer). */
  failed: number;
  /** Non-200 answers by status (0: no answer: connection error or client timeout). */
  errors: Record<string, number>;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface WebhookBenchResult {
  sustained: WebhookPhase & { seconds: number; messagesPerSec: number; statusesPerSec: number };
  burst: WebhookPhase;
  /** Message webhooks answered 200 (warm-up, sustained and burst). */
  messagesAcked: number;
  /** Of those, how many are in the inbox. */
  inboxRows: number;
  /** Acknowledged but not in the inbox: must be 0. */
  lost: number;
  /**
   * CPU time of the runtime's main thread (where every turn and acknowledgement runs) per
   * request, all phases: unlike latency, barely moved by whatever else the machine is doing.
   * Undefined off Linux.
   */
  mainThreadCpuMsPerRequest?: number;
}

export interface WebhookBenchOptions {
  seconds: number;
  /** Requests per second of the sustained phase. */
  rate: number;
  /** Share of the sustained requests that are messages (the rest are statuses). */
  messageShare: number;
  /** Message webhooks sent within one second after the sustained phase. */
  burst: number;
}

export const DEFAULT_WEBHOOK_BENCH_OPTIONS: WebhookBenchOptions = {
  seconds: 10,
  rate: 320,
  messageShare: 0.25,
  burst: 1000,
};

/** CPU seconds of this process's main thread (Linux: utime + stime of the thread's stat). */
function mainThreadCpuSec(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** A TypeScript file of bench/ in a worker thread, through tsx. */
function tsWorker(file: string, workerData: unknown): Worker {
  const entry = new URL(file, import.meta.url).href;
  return new Worker(
    `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`,
    { eval: true, workerData },
  );
}

/**
 * The fake Graph API (graph-worker.ts) in a worker thread: off the runtime's event loop.
 * `onSend` hears of each answered send (recipient, epoch ms).
 */
export async function startGraphWorker(
  accessToken: string,
  onSend?: (to: string, at: number) => void,
) {
  const data: GraphWorkerData = { accessToken, notifySends: onSend !== undefined };
  const worker = tsWorker('./graph-worker.ts', data);
  const ready = await new Promise<FromGraphWorker>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  if (ready.type !== 'ready') throw new Error('graph worker: unexpected first message');
  if (onSend)
    worker.on('message', (m: FromGraphWorker) => {
      if (m.type === 'send') onSend(m.to, m.at);
    });
  return { url: ready.url, close: () => worker.terminate() };
}

/** The load generator (webhook-load.ts) in a worker thread. */
function startLoadWorker(data: LoadData) {
  const worker = tsWorker('./webhook-load.ts', data);
  const send = (m: ToWorker) => worker.postMessage(m);
  return {
    wamids: (wamids: string[]) => send({ type: 'wamids', wamids }),
    run: (phase: LoadPhase) =>
      new Promise<FromWorker>((resolve, reject) => {
        worker.once('message', (m: FromWorker) => resolve(m));
        worker.once('error', reject);
        send({ type: 'run', phase });
      }),
    stop: () => worker.terminate(),
  };
}

function phase(r: FromWorker, rate: number): WebhookPhase {
  const ok = r.latencies.filter((x) => !Number.isNaN(x));
  const s = summarize(ok);
  const errors: Record<string, number> = {};
  for (const code of r.statuses) if (code !== 200) errors[code] = (errors[code] ?? 0) + 1;
  return {
    requestsPerSec: rate,
    achievedPerSec: round(ok.length / (r.elapsedMs / 1000), 0),
    sent: r.latencies.length,
    acked: ok.length,
    failed: r.latencies.length - ok.length,
    errors,
    p50Ms: round(s.p50),
    p99Ms: round(s.p99),
    maxMs: round(s.max),
  };
}

/** Waits (up to `timeoutMs`) until no inbox event and no effect is pending. */
async function drained(rt: Runtime, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { rows } = await rt.db.query<{ n: string }>(
      `SELECT (SELECT count(*) FROM t_demo.inbox WHERE status = 'pending')
            + (SELECT count(*) FROM t_demo.outbox WHERE status = 'pending') AS n`,
    );
    if (Number(rows[0]!.n) === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `messagesPerSecond`: the WhatsApp number's send rate (Meta's default tier: 80). */
export async function startBenchRuntime(
  dbUrl: string,
  graphUrl: string,
  messagesPerSecond = 80,
): Promise<Runtime> {
  const rt = await startQuietRuntime(dbUrl, {
    RATIBA_DEMO_TENANT: '',
    RATIBA_SHARDS: '256',
    META_APP_SECRET: SECRET,
    META_VERIFY_TOKEN: 'bench',
    META_GRAPH_URL: graphUrl,
  });
  // The demo tenant with the channel test kit's WhatsApp number (and its other accounts).
  await applyChannelTenant(rt.db, (f) => ({
    ...f,
    channels: {
      ...f.channels,
      whatsapp: f.channels?.whatsapp?.map((w) => ({
        ...w,
        messages_per_second: messagesPerSecond,
      })),
    },
  }));
  return rt;
}

export async function runWebhookBench(
  options: Partial<WebhookBenchOptions> = {},
): Promise<WebhookBenchResult> {
  const opts = { ...DEFAULT_WEBHOOK_BENCH_OPTIONS, ...options };
  const graph = await startGraphWorker(TOKEN);
  try {
    return await withBenchDatabase(async (dbUrl) => {
      const rt = await startBenchRuntime(dbUrl, graph.url);
      const load = startLoadWorker({
        url: `${rt.http.url}/webhooks/whatsapp`,
        secret: SECRET,
        phoneNumberId: PHONE_NUMBER_ID,
      });
      // Statuses refer to replies the runtime really sent: their wamids, refreshed every second.
      const refresh = async () => {
        const { rows } = await rt.db.query<{ provider_message_id: string }>(
          `SELECT provider_message_id FROM t_demo.deliveries ORDER BY created_at DESC LIMIT 500`,
        );
        load.wamids(rows.map((r) => r.provider_message_id));
      };
      const refresher = setInterval(() => void refresh().catch(() => undefined), 1000);
      const cpuBefore = mainThreadCpuSec();
      try {
        const warm = await load.run({ rate: 100, count: 200, messageShare: 1 });
        await refresh();
        const sustained = await load.run({
          rate: opts.rate,
          count: opts.rate * opts.seconds,
          messageShare: opts.messageShare,
        });
        clearInterval(refresher);
        const burst = await load.run({ rate: opts.burst, count: opts.burst, messageShare: 1 });
        const messages = (r: FromWorker) => r.isMessage.filter(Boolean).length;
        const acked = [warm, sustained, burst].flatMap((r) => r.ackedEventIds);
        const { rows } = await rt.db.query<{ n: string }>(
          `SELECT count(*) AS n FROM t_demo.inbox WHERE event_id = ANY($1::text[])`,
          [acked],
        );
        const inboxRows = Number(rows[0]!.n);
        const s = phase(sustained, opts.rate);
        // CPU of all the work the requests caused: wait for the turns and replies to finish.
        await drained(rt, 60_000);
        const cpuAfter = mainThreadCpuSec();
        const requests =
          warm.latencies.length + sustained.latencies.length + burst.latencies.length;
        return {
          sustained: {
            ...s,
            seconds: opts.seconds,
            messagesPerSec: round(messages(sustained) / opts.seconds, 0),
            statusesPerSec: round((s.sent - messages(sustained)) / opts.seconds, 0),
          },
          burst: phase(burst, opts.burst),
          messagesAcked: acked.length,
          inboxRows,
          lost: acked.length - inboxRows,
          ...(cpuBefore !== undefined && cpuAfter !== undefined
            ? { mainThreadCpuMsPerRequest: round(((cpuAfter - cpuBefore) * 1000) / requests) }
            : {}),
        };
      } finally {
        clearInterval(refresher);
        await load.stop();
        await rt.stop();
      }
    });
  } finally {
    await graph.close();
  }
}
