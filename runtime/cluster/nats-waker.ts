import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import type { Logger } from '../logger';
import type { Waker } from '../mailbox/ingress';
import type { WakeTarget } from '../supervisor/supervisor';
import type { ShardOwnership } from './shard-ownership';

export const shardSubject = (shard: number) => `ratiba.shard.${shard}`;

interface WakeMessage {
  tenant: string;
  threadKey: string;
  shard: number;
}

/**
 * Wake-ups across processes. A wake for a shard this process owns goes straight to the local
 * supervisor (with the row, saving a read); any other is published on `ratiba.shard.<n>`, which
 * only the owner subscribes to. Wake-ups are hints: a lost one (no owner yet, NATS down, a
 * handover in between) is found by the owner's inbox sweep. The published message carries no
 * row — the owner reads the thread's pending rows — so a late delivery can never replay an
 * event that was processed meanwhile.
 */
export class NatsWaker implements Waker {
  private readonly subs = new Map<number, Subscription>();
  private started = false;

  constructor(
    private readonly nc: NatsConnection,
    private readonly ownership: ShardOwnership,
    private readonly local: Waker,
    private readonly log: Logger,
  ) {}

  /** Subscribes to the owned shards' subjects, following ownership changes. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.ownership.onChange(({ gained, lost }) => {
      for (const s of lost) this.unsubscribe(s);
      for (const s of gained) this.subscribe(s);
    });
    for (const s of this.ownership.owned()) this.subscribe(s);
  }

  wake(target: WakeTarget): void {
    if (this.ownership.epochOf(target.shard) !== undefined) {
      this.local.wake(target);
      return;
    }
    const msg: WakeMessage = {
      tenant: target.tenant,
      threadKey: target.threadKey,
      shard: target.shard,
    };
    try {
      this.nc.publish(shardSubject(target.shard), JSON.stringify(msg));
    } catch (err) {
      // Closed connection: the owner's sweep will find the row.
      this.log.debug({ err, shard: target.shard }, 'wake-up not published');
    }
  }

  stop(): void {
    for (const s of [...this.subs.keys()]) this.unsubscribe(s);
  }

  private subscribe(shard: number): void {
    if (this.subs.has(shard)) return;
    const sub = this.nc.subscribe(shardSubject(shard), {
      callback: (err, m) => {
        if (err) return;
        try {
          const w = m.json<WakeMessage>();
          if (w.shard === shard && typeof w.tenant === 'string' && typeof w.threadKey === 'string')
            this.local.wake({ tenant: w.tenant, threadKey: w.threadKey, shard });
        } catch (e) {
          this.log.warn({ err: e, shard }, 'malformed wake-up ignored');
        }
      },
    });
    this.subs.set(shard, sub);
  }

  private unsubscribe(shard: number): void {
    const sub = this.subs.get(shard);
    this.subs.delete(shard);
    try {
      sub?.unsubscribe();
    } catch {
      // the connection is closed already
    }
  }
}
