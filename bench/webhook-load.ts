/**
 * The load generator of the webhook benchmark, in a worker thread so that building, signing and
 * timing requests does not share the runtime's event loop. Open loop: request i leaves at
 * start + i / rate whatever happened to the ones before. Messages are text webhooks from 2,000
 * senders; statuses (sent / delivered / read) refer to wamids the parent passes in.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { Pool } from 'undici';

export interface LoadPhase {
  rate: number;
  count: number;
  /** Share of requests that are messages; the rest are statuses. */
  messageShare: number;
}

export interface LoadData {
  url: string;
  secret: string;
  phoneNumberId: string;
}

export type ToWorker = { type: 'run'; phase: LoadPhase } | { type: 'wamids'; wamids: string[] };

export interface FromWorker {
  type: 'done';
  /** Ack latency of each request, ms; NaN when it was not a 200. */
  latencies: number[];
  /** Whether each request was a message (else a status). */
  isMessage: boolean[];
  /** HTTP status of each request; 0 when there was no answer. */
  statuses: number[];
  /** Event ids (`wa:<wamid>`) of the messages that were acknowledged with a 200. */
  ackedEventIds: string[];
  /** From the first request sent to the last answer (or failure), ms. */
  elapsedMs: number;
}

const fixture = (name: string) =>
  readFileSync(new URL(`../test-support/fixtures/channels/${name}`, import.meta.url), 'utf8');
const messageFixture = fixture('text-message.json');
const statusFixture = fixture('status-failed.json');

type Doc = { entry: { changes: { value: Record<string, unknown> }[] }[] };

export const benchSender = (i: number) => `2547${String(20_000_000 + (i % 2000)).padStart(8, '0')}`;

function valueOf(text: string, phoneNumberId: string): [Doc, Record<string, unknown>] {
  const doc = JSON.parse(text) as Doc;
  const value = doc.entry[0]!.changes[0]!.value;
  (value.metadata as { phone_number_id: string }).phone_number_id = phoneNumberId;
  return [doc, value];
}

function messageBody(i: number, phoneNumberId: string): string {
  const [doc, v] = valueOf(messageFixture, phoneNumberId);
  const from = benchSender(i);
  (v.contacts as { wa_id: string }[])[0]!.wa_id = from;
  Object.assign((v.messages as object[])[0]!, {
    id: `wamid.bench-${i}`,
    from,
    timestamp: String(Math.floor(Date.now() / 1000)),
    text: { body: i % 3 === 0 ? 'hello' : 'what are your prices?' },
  });
  return JSON.stringify(doc);
}

function statusBody(wamid: string, n: number, phoneNumberId: string): string {
  const [doc, v] = valueOf(statusFixture, phoneNumberId);
  const s = (v.statuses as Record<string, unknown>[])[0]!;
  delete s.errors;
  Object.assign(s, {
    id: wamid,
    recipient_id: benchSender(n),
    status: ['sent', 'delivered', 'read'][n % 3],
  });
  return JSON.stringify(doc);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

if (parentPort) {
  const port = parentPort;
  const data = workerData as LoadData;
  // undici's pool rather than fetch: a fraction of the CPU per request, which on the benchmark's
  // two cores is CPU the runtime under test gets back (real webhooks come from Meta's servers).
  const target = new URL(data.url);
  const pool = new Pool(target.origin);
  const sign = (body: string) =>
    `sha256=${createHmac('sha256', data.secret).update(body).digest('hex')}`;
  let wamids: string[] = [];
  let messages = 0;
  let statuses = 0;

  const run = async (phase: LoadPhase): Promise<void> => {
    const latencies = new Array<number>(phase.count).fill(NaN);
    const isMessage = new Array<boolean>(phase.count).fill(false);
    const codes = new Array<number>(phase.count).fill(0);
    const ackedEventIds: string[] = [];
    const every = Math.max(1, Math.round(1 / phase.messageShare));
    const pending: Promise<void>[] = [];
    const t0 = performance.now();
    for (let i = 0; i < phase.count; i++) {
      const wait = t0 + (i * 1000) / phase.rate - performance.now();
      if (wait > 1) await sleep(wait);
      isMessage[i] = i % every === 0 || wamids.length === 0;
      const n = isMessage[i] ? messages++ : -1;
      const body = isMessage[i]
        ? messageBody(n, data.phoneNumberId)
        : statusBody(wamids[statuses % wamids.length]!, statuses++, data.phoneNumberId);
      const started = performance.now();
      pending.push(
        pool
          .request({
            path: target.pathname,
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body) },
            body,
          })
          .then(async (res) => {
            await res.body.dump();
            codes[i] = res.statusCode;
            if (n >= 0 && res.statusCode === 200) ackedEventIds.push(`wa:wamid.bench-${n}`);
            if (res.statusCode === 200) latencies[i] = performance.now() - started;
          })
          .catch(() => undefined),
      );
    }
    await Promise.all(pending);
    const done: FromWorker = {
      type: 'done',
      latencies,
      isMessage,
      statuses: codes,
      ackedEventIds,
      elapsedMs: performance.now() - t0,
    };
    port.postMessage(done);
  };

  port.on('message', (m: ToWorker) => {
    if (m.type === 'wamids') wamids = m.wamids;
    else void run(m.phase);
  });
}
