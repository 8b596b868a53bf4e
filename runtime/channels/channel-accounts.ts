import type { Tenant, TenantRegistry } from '../tenancy/tenant-registry';

export interface WhatsAppNumber {
  phoneNumberId: string;
  accessToken: string;
  messagesPerSecond: number;
}

export interface MetaPage {
  /** Page id (Messenger) or Instagram account id. */
  accountId: string;
  accessToken: string;
}

export interface NotificationPolicy {
  template: { name: string; language: string } | null;
  smsFallback: boolean;
  smsSenderId: string | undefined;
}

const DEFAULT_TEMPLATE = { name: 'ratiba_message', language: 'en' };

/**
 * The provider accounts of a tenant: non-secret settings from the registry entry, tokens from
 * its secrets (cached for a few seconds; re-applying a tenant file takes effect within that).
 */
export class ChannelAccounts {
  private readonly secrets = new Map<
    string,
    { at: number; value: ReturnType<TenantRegistry['secrets']> }
  >();

  constructor(
    private readonly tenants: TenantRegistry,
    private readonly ttlMs = 5000,
  ) {}

  private tokens(slug: string) {
    const hit = this.secrets.get(slug);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value;
    const value = this.tenants.secrets(slug);
    value.catch(() => this.secrets.delete(slug));
    this.secrets.set(slug, { at: Date.now(), value });
    return value;
  }

  /** The tenant's (first) WhatsApp business number with its token. */
  async whatsapp(tenant: Tenant): Promise<WhatsAppNumber | undefined> {
    const numbers = tenant.settings.whatsapp as
      { phone_number_id: string; messages_per_second?: number }[] | undefined;
    const n = numbers?.[0];
    if (!n) return undefined;
    const token = (await this.tokens(tenant.slug)).whatsapp?.[n.phone_number_id];
    if (!token) return undefined;
    return {
      phoneNumberId: n.phone_number_id,
      accessToken: token,
      messagesPerSecond: n.messages_per_second ?? 80,
    };
  }

  /** The Page / Instagram account that received a customer's messages (else the first one). */
  async meta(
    tenant: Tenant,
    channel: 'instagram' | 'messenger',
    accountId?: string,
  ): Promise<MetaPage | undefined> {
    const all = Object.entries((await this.tokens(tenant.slug))[channel] ?? {});
    const found = all.find(([id]) => id === accountId) ?? all[0];
    return found ? { accountId: found[0], accessToken: found[1] } : undefined;
  }

  invalidate(): void {
    this.secrets.clear();
  }
}

export function notificationPolicy(tenant: Tenant): NotificationPolicy {
  const n = (tenant.settings.notifications ?? {}) as {
    whatsapp_template?: { name: string; language: string } | null;
    sms_fallback?: boolean;
    sms_sender_id?: string;
  };
  return {
    template: n.whatsapp_template === undefined ? DEFAULT_TEMPLATE : n.whatsapp_template,
    smsFallback: n.sms_fallback ?? true,
    smsSenderId: n.sms_sender_id,
  };
}
