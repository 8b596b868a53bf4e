import { sign, waText } from './channel-test-kit';
import type { ClusterNode } from './cluster-kit';

/**
 * The load of the cluster fault tests: messages over many threads sent to random processes. Each
 * thread's next message goes only after the previous one was acknowledged (as a chat client, or
 * Meta for one sender, does); anything not acknowledged is re-sent with the same id to another
 * process, as Meta does.
 *
 * Two channels: signed WhatsApp webhooks (`/webhooks/whatsapp`, acknowledged once the inbox row
 * is durable; the replies go to the fake Graph API), and simulator messages that wait for their
 * reply (proving await-reply across processes: the ingress is often not the thread's owner).
 */

export type BurstChannel = 'whatsapp' | 'simulator';

export interface BurstOptions {
  channel: BurstChannel;
  threads: number;
  eventsPerThread: number;
  /** Threads sending at once. */
  concurrency: number;
  /** Per-request timeout: a request to a stopped process is given up and re-sent elsewhere. */
  requestTimeoutMs: number;
  /** Prefix of message ids (one per burst). */
  tag: string;
  /** Phone number of thread `i` (E.164 with `+`; WhatsApp sends it without). */
  phone(i: number): string;
  /**
   * Fraction of acknowledged messages delivered once more, with the same id, to a random process
   * (a provider's duplicate delivery); each must be acknowledged again. Default 0.
   */
  duplicates?: number;
}

export interface BurstResult {
  /** Inbox event ids acknowledged (200 or 202), per thread, in send order. */
  acked: string[][];
  /** Simulator only: replies of 200 `ok` responses, inbox event id -> reply texts. */
  replies: Map<string, string[]>;
  resent: number;
  /**
   * Duplicate deliveries sent (`duplicates`), how many were acknowledged, and (simulator only,
   * a webhook's 200 does not say) how many were taken for a new event: must be 0. Whether a
   * repeat was applied twice is judged on the journal.
   */
  duplicatesSent: number;
  duplicatesAnswered: number;
  duplicatesTakenAsNew: number;
}

export interface BurstProgress {
  acked: number;
  total: number;
}

interface Sent {
  status: number;
  body?: { status: string; replies: { text: string }[] };
}

export interface BurstMessage {
  eventId: string;
  send(node: ClusterNode, timeoutMs: number): Promise<Sent>;
}

/** The text of thread message `k`: every 10th, from the 6th, is a call through the outbox. */
export const burstText = (k: number) => (k % 10 === 5 ? `call c${k}` : `m${k}`);

/** Message `k` of thread `thread` of a burst (also for a test's own probes). */
export function burstMessage(o: BurstOptions, thread: number, k: number): BurstMessage {
  const id = `${o.tag}-${thread}-${k}`;
  const text = burstText(k);
  if (o.channel === 'simulator') {
    const body = JSON.stringify({ tenant: 'demo', from: o.phone(thread), text, messageId: id });
    return {
      eventId: `sim:${id}`,
      send: (node, timeoutMs) => post(`${node.url}/api/simulator/messages`, body, {}, timeoutMs),
    };
  }
  const wamid = `wamid.${id}`;
  const body = waText(wamid, o.phone(thread).replace(/^\+/, ''), text);
  const headers = { 'x-hub-signature-256': sign(body) };
  return {
    eventId: `wa:${wamid}`,
    send: (node, timeoutMs) => post(`${node.url}/webhooks/whatsapp`, body, headers, timeoutMs),
  };
}

/** Sends the burst; `nodes()` is read at each send so tests can add and remove nodes. */
export function runBurst(
  nodes: () => ClusterNode[],
  o: BurstOptions,
  onAck?: (p: BurstProgress) => void,
): Promise<BurstResult> {
  const total = o.threads * o.eventsPerThread;
  const result: BurstResult = {
    acked: Array.from({ length: o.threads }, () => []),
    replies: new Map(),
    resent: 0,
    duplicatesSent: 0,
    duplicatesAnswered: 0,
    duplicatesTakenAsNew: 0,
  };
  let done = 0;
  let next = 0;
  const pick = () => {
    const live = nodes().filter((n) => n.alive);
    const node = live[Math.floor(Math.random() * live.length)];
    if (!node) throw new Error('no live node');
    return node;
  };
  const deliver = async (m: BurstMessage) => {
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) result.resent++;
      if (attempt > 200) throw new Error(`message ${m.eventId} never acknowledged`);
      const r = await m.send(pick(), o.requestTimeoutMs);
      if (r.status === 200 || r.status === 202) return r;
      await new Promise((res) => setTimeout(res, 20 + Math.random() * 50));
    }
  };
  const worker = async () => {
    for (let t = next++; t < o.threads; t = next++) {
      for (let k = 0; k < o.eventsPerThread; k++) {
        const m = burstMessage(o, t, k);
        const r = await deliver(m);
        result.acked[t]!.push(m.eventId);
        if (r.status === 200 && r.body?.status === 'ok')
          result.replies.set(
            m.eventId,
            r.body.replies.map((x) => x.text),
          );
        done++;
        onAck?.({ acked: done, total });
        if (o.duplicates && Math.random() < o.duplicates) {
          result.duplicatesSent++;
          const d = await m.send(pick(), o.requestTimeoutMs);
          if (d.status === 200) result.duplicatesAnswered++;
          if (o.channel === 'simulator' && d.status === 200 && d.body?.status !== 'duplicate')
            result.duplicatesTakenAsNew++;
        }
      }
    }
  };
  const all = Promise.all(Array.from({ length: o.concurrency }, worker)).then(() => result);
  // A test that fails before awaiting the burst must not also report an unhandled rejection.
  all.catch(() => undefined);
  return all;
}

async function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<Sent> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const parsed = (await res.json().catch(() => undefined)) as Sent['body'] | undefined;
    return { status: res.status, ...(parsed ? { body: parsed } : {}) };
  } catch {
    return { status: 0 }; // refused, reset or timed out: not acknowledged
  }
}

/** Resolves once `fraction` of the burst has been acknowledged. */
export function whenAcked(fraction: number): {
  onAck: (p: BurstProgress) => void;
  reached: Promise<void>;
} {
  let resolve = () => {};
  const reached = new Promise<void>((r) => (resolve = r));
  return {
    onAck: (p) => {
      if (p.acked >= p.total * fraction) resolve();
    },
    reached,
  };
}
