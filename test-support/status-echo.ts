import { PHONE_NUMBER_ID, sign } from './channel-test-kit';

/**
 * Meta's status webhooks for the fake Graph API's sends, as the cluster fault tests need them:
 * each accepted send (`FakeGraphServerOptions.onSend`) gets a `sent` status and then a
 * `delivered` one, echoing the send's `biz_opaque_callback_data`, posted signed to a random live
 * process. Like Meta, statuses come batched in one webhook, a little after the accept, and a
 * webhook not acknowledged with 200 is posted again (to another process).
 */
export interface StatusEcho {
  /** Pass as the fake Graph server's `onSend`. */
  onSend(to: string, sent: { id: string; callbackData?: string }): void;
  /** Statuses acknowledged by a process so far. */
  readonly acknowledged: number;
  /** Stops posting (what is queued is dropped). */
  close(): void;
}

export interface Status {
  id: string;
  status: 'sent' | 'delivered';
  timestamp: string;
  recipient_id: string;
  biz_opaque_callback_data?: string;
}

/** At most this many statuses per webhook (the runtime takes up to 1,000 items). */
const BATCH = 400;

/**
 * `targets()` is read at each post (tests kill and add processes); `delayMs` is how long after
 * the accept a status is posted (`delivered` comes one more `delayMs` later).
 */
export function startStatusEcho(
  targets: () => readonly { url: string; alive: boolean }[],
  delayMs = 250,
): StatusEcho {
  let queue: Status[] = [];
  let acknowledged = 0;
  let closed = false;
  const flush = () => {
    const due = queue;
    queue = [];
    for (let i = 0; i < due.length; i += BATCH) void post(due.slice(i, i + BATCH));
    // Their `delivered` follows on the next tick of the echo.
    const sent = due.filter((s) => s.status === 'sent');
    queue.push(...sent.map((s) => ({ ...s, status: 'delivered' as const })));
  };
  const timer = setInterval(flush, delayMs);
  timer.unref();

  async function post(statuses: Status[]): Promise<void> {
    const body = JSON.stringify(statusWebhook(statuses));
    for (let attempt = 0; attempt < 50 && !closed; attempt++) {
      const live = targets().filter((n) => n.alive);
      const node = live[Math.floor(Math.random() * live.length)];
      if (node) {
        const ok = await fetch(`${node.url}/webhooks/whatsapp`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body) },
          body,
          signal: AbortSignal.timeout(5000),
        }).then(
          (r) => r.status === 200,
          () => false,
        );
        if (ok) {
          acknowledged += statuses.length;
          return;
        }
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  return {
    onSend(to, sent) {
      if (closed) return;
      queue.push({
        id: sent.id,
        status: 'sent',
        timestamp: String(Math.floor(Date.now() / 1000)),
        recipient_id: to,
        ...(sent.callbackData !== undefined ? { biz_opaque_callback_data: sent.callbackData } : {}),
      });
    },
    get acknowledged() {
      return acknowledged;
    },
    close() {
      closed = true;
      clearInterval(timer);
      queue = [];
    },
  };
}

/** A WhatsApp status webhook as Meta posts it (see fixtures/channels/status-failed.json). */
export function statusWebhook(statuses: Status[]) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '109876543210987',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '254709000100', phone_number_id: PHONE_NUMBER_ID },
              statuses,
            },
          },
        ],
      },
    ],
  };
}
