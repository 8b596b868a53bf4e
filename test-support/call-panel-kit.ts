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
