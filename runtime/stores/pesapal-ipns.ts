/**
 * `public.pesapal_ipns`: the IPN id PesaPal gave each tenant's merchant account for its IPN URL,
 * registered once and reused by every order. This module is the table's only writer.
 */
import { createHash } from 'node:crypto';
import type { Queryable } from '../../contract';

export interface IpnKey {
  tenant: string;
  environment: 'sandbox' | 'production';
  consumerKey: string;
  url: string;
}

const keyHash = (consumerKey: string) => createHash('sha256').update(consumerKey).digest('hex');

export async function storedIpn(q: Queryable, k: IpnKey): Promise<string | undefined> {
  const { rows } = await q.query<{ ipn_id: string }>(
    `SELECT ipn_id FROM public.pesapal_ipns
     WHERE tenant_slug = $1 AND environment = $2 AND key_hash = $3 AND url = $4`,
    [k.tenant, k.environment, keyHash(k.consumerKey), k.url],
  );
  return rows[0]?.ipn_id;
}

/** Stores a registration; when two registered at once, the first stored wins and is returned. */
export async function storeIpn(
  q: Queryable,
  k: IpnKey,
  ipnId: string,
  type: 'GET' | 'POST',
): Promise<string> {
  const { rows } = await q.query<{ ipn_id: string }>(
    `WITH ins AS (
       INSERT INTO public.pesapal_ipns
         (tenant_slug, environment, key_hash, url, ipn_id, notification_type)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING ipn_id)
     SELECT ipn_id FROM ins
     UNION ALL
     SELECT ipn_id FROM public.pesapal_ipns
     WHERE tenant_slug = $1 AND environment = $2 AND key_hash = $3 AND url = $4
       AND NOT EXISTS (SELECT 1 FROM ins)`,
    [k.tenant, k.environment, keyHash(k.consumerKey), k.url, ipnId, type],
  );
  return rows[0]!.ipn_id;
}
