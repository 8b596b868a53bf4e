import type { NatsConnection } from '@nats-io/nats-core';
import type { OutboundMessage } from '../../contract';
import type { Logger } from '../logger';
import { ReplyWaiters, type TurnReplies } from '../mailbox/reply-waiters';

/** The subject a chain's turns are published on: the root event id, base64url (subject-safe). */
export const replySubject = (rootEventId: string) =>
  `ratiba.reply.${Buffer.from(rootEventId).toString('base64url')}`;

type ReplyMessage =
  | {
      kind: 'committed';
      root: string;
      replies: OutboundMessage[];
      callsOpened: number;
      closesCall: boolean;
    }
  | { kind: 'failed'; root: string; error: string };

/**
 * Await-reply across processes. The ingress that waits for an event's replies subscribes to the
 * chain's reply subject before it writes the inbox row; the owner that commits a turn of the
 * chain hands it to the local waiter when there is one, and otherwise publishes it there. The
 * reply is released only after the commit, as in one process; a reply lost in transit shows as
 * a timeout (`202`), never as a lost event: the inbox and outbox stay the durable record.
 */
export class ClusterReplyWaiters extends ReplyWaiters {
  constructor(
    private readonly nc: NatsConnection,
    private readonly log: Logger,
  ) {
    super();
  }

  override wait(rootEventId: string, timeoutMs: number): Promise<TurnReplies> {
    let unsubscribe = () => {};
    try {
      const sub = this.nc.subscribe(replySubject(rootEventId), {
        callback: (err, m) => {
          if (!err) this.deliver(m.json<ReplyMessage>());
        },
      });
      unsubscribe = () => sub.unsubscribe();
    } catch (err) {
      this.log.warn({ err }, 'reply subscription failed; only a local owner can answer');
    }
    const done = super.wait(rootEventId, timeoutMs);
    void done.finally(() => {
      try {
        unsubscribe();
      } catch {
        // connection closed
      }
    });
    return done;
  }

  override committed(
    rootEventId: string,
    replies: OutboundMessage[],
    callsOpened: number,
    closesCall: boolean,
  ): void {
    if (this.has(rootEventId)) {
      super.committed(rootEventId, replies, callsOpened, closesCall);
      return;
    }
    this.publish({ kind: 'committed', root: rootEventId, replies, callsOpened, closesCall });
  }

  override failed(rootEventId: string, error: string): void {
    if (this.has(rootEventId)) super.failed(rootEventId, error);
    else this.publish({ kind: 'failed', root: rootEventId, error });
  }

  private deliver(m: ReplyMessage): void {
    if (!this.has(m.root)) return;
    if (m.kind === 'committed') super.committed(m.root, m.replies, m.callsOpened, m.closesCall);
    else super.failed(m.root, m.error);
  }

  private publish(m: ReplyMessage): void {
    try {
      this.nc.publish(replySubject(m.root), JSON.stringify(m));
    } catch (err) {
      this.log.debug({ err }, 'reply not published');
    }
  }
}
