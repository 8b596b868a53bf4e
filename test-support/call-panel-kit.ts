import type { TenantFile } from '../runtime/tenancy/tenant-file';
import { startChannelEnv } from './channel-test-kit';
import { postJson } from './console-test-kit';

/** One exchange of the console's call panel, as its API answers it. */
export interface PanelTurn {
  callId: string;
  heard: string;
  transcript: { who: 'caller' | 'agent'; text: string; heard?: string; choice?: number }[];
  audio: string | null;
  ended: boolean;
  error?: string;
}

export interface PanelReply {
  status: number;
  body: PanelTurn;
}

/** A client of the console's call panel API (`/api/tenants/<t>/calls`) for tests. */
export function callPanelClient(baseUrl: string, tenant = 'demo') {
  const url = `${baseUrl}/api/tenants/${tenant}/calls`;
  const post = async (path: string, body: unknown): Promise<PanelReply> => {
    const r = await postJson(`${url}${path}`, body);
    return { status: r.status, body: r.body as unknown as PanelTurn };
  };
  return {
    post,
    dial: (from: string, language: 'en' | 'sw' = 'en') => post('', { from, language }),
    say: (callId: string, text: string) => post(`/${callId}/turns`, { text }),
    speak: (callId: string, wavBase64: string) => post(`/${callId}/turns`, { audio: wavBase64 }),
    hangUp: (callId: string) => post(`/${callId}/hangup`, {}),
  };
}

/** The agent's words of an exchange, joined. */
export const agentWords = (t: PanelTurn): string =>
  t.transcript
    .filter((e) => e.who === 'agent')
    .map((e) => e.text)
    .join(' ');

/** A fake payment provider's server (Daraja, PesaPal): where it listens, how it stops. */
interface FakeProvider {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The setup of a call that books and pays: the fake provider, a channel env whose demo tenant
 * takes payments as `payments` makes them (10-minute holds), pointed at the provider by
 * `urlEnv`, and a call panel client. `statusOf` reads the caller's appointment status.
 */
export async function startPaidCallEnv<P extends FakeProvider>(
  startProvider: () => Promise<P>,
  payments: (p: TenantFile['payments']) => Partial<TenantFile['payments']>,
  urlEnv: string,
) {
  const provider = await startProvider();
  const env = await startChannelEnv(
    (f) => ({ ...f, payments: { ...f.payments, ...payments(f.payments), hold_minutes: 10 } }),
    { [urlEnv]: provider.url },
  );
  return {
    env,
    provider,
    panel: callPanelClient(env.rt.http.url),
    statusOf: async (waId: string): Promise<string | undefined> => {
      const { rows } = await env.t.db.query<{ status: string }>(
        `SELECT a.status FROM t_demo.appointments a JOIN t_demo.customers c ON c.id = a.customer_id
          WHERE c.phone = $1`,
        [`+${waId}`],
      );
      return rows[0]?.status;
    },
    stop: async () => {
      await env.stop();
      await provider.close();
    },
  };
}
