import type { NatsConnection } from '@nats-io/nats-core';
import type { LiveFeedBridge, LiveTurn } from '../console/live-feed';
import type { Logger } from '../logger';

const SUBJECT = 'ratiba.live';

/**
 * The console's live feed across the cluster: each process publishes its committed turns on
 * `ratiba.live.<tenant>` and delivers the other processes' turns to its local subscribers, so an
 * operator connected to any process sees every turn. Best effort, like the feed itself: the
 * journal stays the record.
 */
export function natsLiveBridge(nc: NatsConnection, nodeId: string, log: Logger): LiveFeedBridge {
  return {
    publish(turn: LiveTurn) {
      try {
        nc.publish(`${SUBJECT}.${turn.tenant}`, JSON.stringify(turn));
      } catch (err) {
        log.debug({ err }, 'live turn not published');
      }
    },
    start(deliver) {
      const sub = nc.subscribe(`${SUBJECT}.>`);
      void (async () => {
        for await (const m of sub) {
          try {
            const turn = JSON.parse(m.string()) as LiveTurn;
            if (turn.node !== nodeId) deliver(turn);
          } catch (err) {
            log.warn({ err }, 'malformed live turn ignored');
          }
        }
      })();
      return () => sub.unsubscribe();
    },
  };
}
