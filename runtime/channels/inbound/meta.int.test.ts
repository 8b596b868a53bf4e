import { describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../../../adapters/whatsapp/testing';
import { eventually } from '../../../test-support/test-runtime';
import {
  FB_TOKEN,
  IG_ACCOUNT,
  IG_TOKEN,
  metaText,
  sign,
  useChannelEnv,
  waText,
} from '../../../test-support/channel-test-kit';

const env = useChannelEnv();

const recipient = (r: RecordedRequest) => (r.json as { recipient?: { id?: string } }).recipient?.id;
const threadOf = async (eventId: string) =>
  eventually(async () => {
    const { rows } = await env.t.db.query<{ thread_key: string }>(
      `SELECT thread_key FROM t_demo.inbox WHERE event_id = $1`,
      [eventId],
    );
    return rows[0]?.thread_key;
  });
const customer = async (threadKey: string) =>
  (
    await env.t.db.query<{ phone: string | null; merged_into: number | null }>(
      `SELECT phone, merged_into FROM t_demo.customers WHERE id = $1`,
      [Number(threadKey.slice(2))],
    )
  ).rows[0];

describe('Instagram and Messenger', () => {
  it('answers the verify handshake on both paths', async () => {
    for (const ch of ['instagram', 'messenger']) {
      const ok = await fetch(
        `${env.rt.http.url}/webhooks/${ch}?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=42`,
      );
      expect(await ok.text()).toBe('42');
    }
  });

  it('an Instagram DM reaches its own thread and is answered at the Send API with the IG token', async () => {
    const res = await env.post(
      '/webhooks/instagram',
      metaText('instagram', 'ig.m1', 'ig-100', 'hello'),
    );
    expect(res.status).toBe(200);
    const send = await eventually(() =>
      Promise.resolve(env.instagram.sends().find((r) => recipient(r) === 'ig-100')),
    );
    expect(send.headers.authorization).toBe(`Bearer ${IG_TOKEN}`);
    const thread = await threadOf('ig:ig.m1');
    expect(await customer(thread)).toMatchObject({ phone: null });
    const { rows } = await env.t.db.query(
      `SELECT channel, external_id FROM t_demo.customer_identities WHERE customer_id = $1`,
      [Number(thread.slice(2))],
    );
    expect(rows).toEqual([{ channel: 'instagram', external_id: `${IG_ACCOUNT}:ig-100` }]);
  });

  it('a Messenger message is answered with the Page token; duplicates are one inbox row', async () => {
    const body = metaText('messenger', 'fb.m1', 'psid-200', 'hello');
    const statuses = await Promise.all(
      [1, 2, 3, 4, 5].map(() => env.post('/webhooks/messenger', body)),
    );
    expect(statuses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const send = await eventually(() =>
      Promise.resolve(env.messenger.sends().find((r) => recipient(r) === 'psid-200')),
    );
    expect(send.headers.authorization).toBe(`Bearer ${FB_TOKEN}`);
    const { rows } = await env.t.db.query(`SELECT 1 FROM t_demo.inbox WHERE event_id = 'fb:fb.m1'`);
    expect(rows).toHaveLength(1);
    // Marked seen (Send API sender action) with the Page token, once for the five deliveries.
    const seenBy = () => env.messenger.senderActions().filter((r) => recipient(r) === 'psid-200');
    await eventually(() => Promise.resolve(seenBy().length > 0));
    await new Promise((r) => setTimeout(r, 200));
    const seen = seenBy();
    expect(seen).toHaveLength(1);
    expect(seen[0]!.json).toEqual({ recipient: { id: 'psid-200' }, sender_action: 'mark_seen' });
    expect(seen[0]!.headers.authorization).toBe(`Bearer ${FB_TOKEN}`);
  });

  it('an Instagram DM is marked seen with the Instagram token', async () => {
    await env.post('/webhooks/instagram', metaText('instagram', 'ig.s1', 'ig-110', 'hello'));
    const seen = await eventually(() =>
      Promise.resolve(env.instagram.senderActions().find((r) => recipient(r) === 'ig-110')),
    );
    expect(seen.json).toEqual({ recipient: { id: 'ig-110' }, sender_action: 'mark_seen' });
    expect(seen.headers.authorization).toBe(`Bearer ${IG_TOKEN}`);
  });

  it('refuses a bad signature (401) and acknowledges an unknown account (200) without a row', async () => {
    const body = metaText('instagram', 'ig.bad', 'ig-101', 'hello');
    const bad = await env.post('/webhooks/instagram', body, {
      'x-hub-signature-256': sign(body, 'x'),
    });
    expect(bad.status).toBe(401);
    const unknown = JSON.parse(metaText('instagram', 'ig.unk', 'ig-102', 'hi')) as {
      entry: { id: string }[];
    };
    unknown.entry[0]!.id = '999';
    expect((await env.post('/webhooks/instagram', JSON.stringify(unknown))).status).toBe(200);
    const { rows } = await env.t.db.query(
      `SELECT 1 FROM t_demo.inbox WHERE event_id IN ('ig:ig.bad', 'ig:ig.unk')`,
    );
    expect(rows).toHaveLength(0);
  });

  it('merge rule 3: a new phone number is taken by the identity customer; WhatsApp then lands on the same thread', async () => {
    await env.post('/webhooks/instagram', metaText('instagram', 'ig.p1', 'ig-300', 'hello'));
    const before = await threadOf('ig:ig.p1');
    await env.post(
      '/webhooks/instagram',
      metaText('instagram', 'ig.p2', 'ig-300', 'my number is 0712 300 001'),
    );
    expect(await threadOf('ig:ig.p2')).toBe(before);
    expect(await customer(before)).toMatchObject({ phone: '+254712300001', merged_into: null });
    await env.post('/webhooks/whatsapp', waText('wamid.merge-1', '254712300001', 'hello'));
    expect(await threadOf('wa:wamid.merge-1')).toBe(before);
  });

  it('merge rule 2: an existing phone customer survives; the identity moves to it, the other row is marked merged', async () => {
    await env.post('/webhooks/whatsapp', waText('wamid.merge-2', '254712300002', 'hello'));
    const phoneThread = await threadOf('wa:wamid.merge-2');
    await env.post('/webhooks/messenger', metaText('messenger', 'fb.p1', 'psid-400', 'hello'));
    const idThread = await threadOf('fb:fb.p1');
    expect(idThread).not.toBe(phoneThread);
    await env.post(
      '/webhooks/messenger',
      metaText('messenger', 'fb.p2', 'psid-400', 'call me on +254 712 300 002 please'),
    );
    expect(await threadOf('fb:fb.p2')).toBe(phoneThread);
    expect(await customer(idThread)).toMatchObject({
      phone: null,
      merged_into: Number(phoneThread.slice(2)),
    });
    // Later Messenger messages go to the survivor and are answered on Messenger.
    await env.post(
      '/webhooks/messenger',
      metaText('messenger', 'fb.p3', 'psid-400', 'hello again'),
    );
    expect(await threadOf('fb:fb.p3')).toBe(phoneThread);
    await eventually(() =>
      Promise.resolve(env.messenger.sends().filter((r) => recipient(r) === 'psid-400').length >= 2),
    );
  });

  it('merge rule 1: the first number given wins; a later number is just text', async () => {
    await env.post(
      '/webhooks/instagram',
      metaText('instagram', 'ig.q1', 'ig-500', 'book for 0712300005'),
    );
    const thread = await threadOf('ig:ig.q1');
    await env.post(
      '/webhooks/instagram',
      metaText('instagram', 'ig.q2', 'ig-500', 'and my friend 0712300006'),
    );
    expect(await threadOf('ig:ig.q2')).toBe(thread);
    expect(await customer(thread)).toMatchObject({ phone: '+254712300005' });
  });

  it('two identities giving the same new number at once end on one customer', async () => {
    await env.post('/webhooks/instagram', metaText('instagram', 'ig.r1', 'ig-600', 'hi'));
    await env.post('/webhooks/messenger', metaText('messenger', 'fb.r1', 'psid-600', 'hi'));
    await Promise.all([
      env.post('/webhooks/instagram', metaText('instagram', 'ig.r2', 'ig-600', '0712300007')),
      env.post('/webhooks/messenger', metaText('messenger', 'fb.r2', 'psid-600', '0712300007')),
    ]);
    const a = await threadOf('ig:ig.r2');
    const b = await threadOf('fb:fb.r2');
    expect(a).toBe(b);
    const { rows } = await env.t.db.query(
      `SELECT id FROM t_demo.customers WHERE phone = '+254712300007'`,
    );
    expect(rows).toHaveLength(1);
  });
});
