import createSubscriber from 'pg-listen';
import type { Logger } from '../logger';

/**
 * Low-rate change notifications between processes (tenant registry and catalog changes that
 * invalidate caches). Never on the per-turn path.
 */
export interface ChangeBus {
  subscribe(channel: string, handler: (payload: string) => void): void;
  close(): Promise<void>;
}

/** For the embedded database, whose LISTEN/NOTIFY does not cross connections: one process only. */
export class LocalChangeBus implements ChangeBus {
  private readonly handlers = new Map<string, Set<(payload: string) => void>>();
  subscribe(channel: string, handler: (payload: string) => void): void {
    const set = this.handlers.get(channel) ?? new Set();
    set.add(handler);
    this.handlers.set(channel, set);
  }
  /** In-process delivery of a change (the embedded database cannot deliver NOTIFY). */
  publish(channel: string, payload: string): void {
    for (const h of this.handlers.get(channel) ?? []) h(payload);
  }
  close(): Promise<void> {
    this.handlers.clear();
    return Promise.resolve();
  }
}

/** LISTEN on a dedicated connection (pg-listen reconnects by itself). */
export async function createPgChangeBus(
  connectionString: string,
  channels: string[],
  log: Logger,
): Promise<ChangeBus> {
  const subscriber = createSubscriber(
    { connectionString },
    {
      paranoidChecking: 30_000,
      retryLimit: Infinity,
      parse: (s) => s,
      serialize: (s) => String(s),
    },
  );
  const handlers = new Map<string, Set<(payload: string) => void>>();
  subscriber.events.on('error', (err) => log.error({ err }, 'change bus connection error'));
  subscriber.events.on('reconnect', (attempt) => log.warn({ attempt }, 'change bus reconnecting'));
  await subscriber.connect();
  for (const ch of channels) {
    subscriber.notifications.on(ch, (payload: unknown) => {
      for (const h of handlers.get(ch) ?? []) h(String(payload));
    });
    await subscriber.listenTo(ch);
  }
  return {
    subscribe(channel, handler) {
      const set = handlers.get(channel) ?? new Set();
      set.add(handler);
      handlers.set(channel, set);
    },
    close: () => subscriber.close(),
  };
}
