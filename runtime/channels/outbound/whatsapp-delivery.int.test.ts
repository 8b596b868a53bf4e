import { describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../../../adapters/whatsapp/testing';
import { eventually } from '../../../test-support/test-runtime';
import {
  applyChannelTenant,
  PHONE_NUMBER_ID,
  useChannelEnv,
  waStatus,
  waText,
} from '../../../test-support/channel-test-kit';

const env = useChannelEnv();

type SendJson = {
  to?: string;
  type?: string;
  status?: string;
  message_id?: string;
  template?: {
    name: string;
    language: { code: string };
    components: { parameters: { text: string }[] }[];
  };
};
const json = (r: RecordedRequest) => r.json as SendJson;
const sendsTo = (to: string) => env.graph.sends().filter((r) => json(r).to === to);

async function firstReply(id: string, from: string) {
  expect((await env.post('/webhooks/whatsapp', waText(id, from, 'hello'))).status).toBe(200);
  return eventually(async () => {
    const { rows } = await env.t.db.query<{ provider_message_id: string; thread_key: string }>(
      `SELECT d.provider_message_id, d.thread_key FROM t_demo.deliveries d
       JOIN t_demo.customers c ON 'c:' || c.id = d.thread_key WHERE c.phone = $1`,
      [`+${from}`],
    );
    return rows[0];
  });
}

describe('WhatsApp delivery', () => {
  it('marks every inbound message read (an outbox effect)', async () => {
    await env.post('/webhooks/whatsapp', waText('wamid.read-1', '254712100001', 'hello'));
    const read = await eventually(() =>
      Promise.resolve(
        env.graph.requests.find(
          (r) => json(r).status === 'read' && json(r).message_id === 'wamid.read-1',
        ),
      ),
    );
    expect(read.path).toContain(`/${'100200300400500'}/messages`);
    // The greeting leaves too (before the next test scripts a failure).
    await eventually(() => Promise.resolve(sendsTo('254712100001').length > 0));
  });

  it('outside the window (131047 on send): the reply goes as the tenant template', async () => {
    env.graph.failNextSends(1, 'outside_window');
    await env.post('/webhooks/whatsapp', waText('wamid.win-1', '254712100002', 'hello'));
    const template = await eventually(() =>
      Promise.resolve(sendsTo('254712100002').find((r) => json(r).type === 'template')),
    );
    const t = json(template).template!;
    expect(t.name).toBe('ratiba_message');
    expect(t.language.code).toBe('en');
    expect(t.components[0]!.parameters[0]!.text).toMatch(/Karibu Salon Ratiba/);
    expect(t.components[0]!.parameters[0]!.text).not.toMatch(/\n/);
    const { rows } = await env.t.db.query(
      `SELECT kind FROM t_demo.deliveries WHERE provider_message_id = $1`,
      [
        /* the wamid the fake gave the template */ (
          await eventually(async () => {
            const r = await env.t.db.query<{ provider_message_id: string }>(
              `SELECT provider_message_id FROM t_demo.deliveries WHERE kind = 'template'`,
            );
            return r.rows[0];
          })
        ).provider_message_id,
      ],
    );
    expect(rows).toEqual([{ kind: 'template' }]);
  });

  it('a failed status with 131047 re-sends the message as the template, once', async () => {
    const d = await firstReply('wamid.win-2', '254712100003');
    const status = waStatus(d.provider_message_id, '254712100003', 'failed', 131047);
    await Promise.all([1, 2, 3].map(() => env.post('/webhooks/whatsapp', status)));
    await eventually(() =>
      Promise.resolve(sendsTo('254712100003').some((r) => json(r).type === 'template')),
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(sendsTo('254712100003').filter((r) => json(r).type === 'template')).toHaveLength(1);
    const { rows } = await env.t.db.query<{ status: string; kind: string; fallback_of: string }>(
      `SELECT status, kind, fallback_of FROM t_demo.deliveries WHERE thread_key = $1 ORDER BY created_at`,
      [d.thread_key],
    );
    expect(rows[0]).toMatchObject({ status: 'failed', kind: 'message' });
    expect(rows[1]).toMatchObject({ kind: 'template', fallback_of: d.provider_message_id });
  });

  it('130429 on send backs off and the message goes out on a later attempt', async () => {
    env.graph.failNextSends(1, 'rate_limited');
    await env.post('/webhooks/whatsapp', waText('wamid.rl-1', '254712100004', 'hello'));
    await eventually(async () => {
      const { rows } = await env.t.db.query(
        `SELECT 1 FROM t_demo.deliveries d JOIN t_demo.customers c ON 'c:' || c.id = d.thread_key
         WHERE c.phone = '+254712100004'`,
      );
      return rows.length > 0;
    });
    // The first try was refused (no wamid), the retry accepted.
    expect(sendsTo('254712100004')).toHaveLength(2);
  });

  it('a failed status with 130429 sends the message again after a pause', async () => {
    const d = await firstReply('wamid.rl-2', '254712100005');
    const before = sendsTo('254712100005').length;
    await env.post(
      '/webhooks/whatsapp',
      waStatus(d.provider_message_id, '254712100005', 'failed', 130429),
    );
    await eventually(() => Promise.resolve(sendsTo('254712100005').length === before + 1), 8000);
  });

  it('other failures are recorded and surfaced to the thread as delivery.failed', async () => {
    const d = await firstReply('wamid.x-1', '254712100006');
    await env.post(
      '/webhooks/whatsapp',
      waStatus(d.provider_message_id, '254712100006', 'failed', 131026),
    );
    const ev = await eventually(async () => {
      const { rows } = await env.t.db.query<{ event: { type: string; reason: string } }>(
        `SELECT event FROM t_demo.inbox WHERE thread_key = $1 AND event->>'type' = 'delivery.failed'`,
        [d.thread_key],
      );
      return rows[0];
    });
    expect(ev.event.reason).toBe('failed:131026');
    // The thread takes it (the machine ignores what it has no transition for): journaled, not dead.
    const outcome = await eventually(async () => {
      const { rows } = await env.t.db.query<{ outcome: string }>(
        `SELECT outcome FROM t_demo.journal WHERE thread_key = $1 AND event_type = 'delivery.failed'`,
        [d.thread_key],
      );
      return rows[0]?.outcome;
    });
    expect(['applied', 'ignored']).toContain(outcome);
    const { rows } = await env.t.db.query<{ status: string; errors: { code: number }[] }>(
      `SELECT status, errors FROM t_demo.deliveries WHERE provider_message_id = $1`,
      [d.provider_message_id],
    );
    expect(rows[0]!.status).toBe('failed');
    expect(rows[0]!.errors[0]!.code).toBe(131026);
    // Statuses only move forward: a late 'delivered' does not undo 'failed'.
    await env.post(
      '/webhooks/whatsapp',
      waStatus(d.provider_message_id, '254712100006', 'delivered'),
    );
    const again = await env.t.db.query<{ status: string }>(
      `SELECT status FROM t_demo.deliveries WHERE provider_message_id = $1`,
      [d.provider_message_id],
    );
    expect(again.rows[0]!.status).toBe('failed');
  });

  it("paces sends at the number's messages_per_second (token bucket)", async () => {
    await applyChannelTenant(env.t.db, (f) => ({
      ...f,
      channels: {
        ...f.channels,
        whatsapp: [
          { ...f.channels.whatsapp[0]!, phone_number_id: PHONE_NUMBER_ID, messages_per_second: 2 },
        ],
      },
    }));
    await new Promise((r) => setTimeout(r, 300)); // the registry change reaches the runtime
    const phones = ['254712100101', '254712100102', '254712100103', '254712100104', '254712100105'];
    const seen = new Map<string, number>();
    await Promise.all(
      phones.map((p, i) => env.post('/webhooks/whatsapp', waText(`wamid.pace-${i}`, p, 'hello'))),
    );
    await eventually(
      () => {
        for (const p of phones) if (!seen.has(p) && sendsTo(p).length > 0) seen.set(p, Date.now());
        return Promise.resolve(seen.size === phones.length);
      },
      15_000,
      10,
    );
    const times = [...seen.values()].sort((a, b) => a - b);
    // A bucket of 2 at 2/s: two at once, then one every ~500 ms.
    expect(times[4]! - times[0]!).toBeGreaterThanOrEqual(1200);
  });
});
