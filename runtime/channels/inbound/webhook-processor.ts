/** What each channel's webhook processor is, and what it is given (runtime/channels/inbound). */
import type { Database } from '../../db/database';
import type { Logger } from '../../logger';
import type { Ingress } from '../../mailbox/ingress';
import type { Metrics } from '../../metrics';
import type { TenantRegistry } from '../../tenancy/tenant-registry';
import type { ChannelEffects } from './webhook-effects';

/** Raw bytes and signature in; resolves once everything the body carried is stored. */
export type WebhookProcessor = (raw: Uint8Array, signature: string | undefined) => Promise<void>;

export interface WebhookDeps {
  ingress: Ingress;
  tenants: TenantRegistry;
  /** Connections for acknowledgements (statuses, identities). */
  db: Database;
  log: Logger;
  metrics: Metrics;
  /** Outbox effects of a webhook: receipts, voice-note transcriptions, a failure's sequel. */
  effects: ChannelEffects;
}
