import type { OutboundMessage } from '../contract';
import type { CallInfo, TurnBridge, TurnResult } from './ports';

interface Answer {
  status?: string;
  replies?: OutboundMessage[];
  message?: string;
}

export interface HttpTurnBridgeOptions {
  /** Where the thread's follow-ups go after the call. Default `simulator`. */
  followUp: 'whatsapp' | 'sms' | 'simulator' | null;
  /**
   * The bridge's credential, sent as `Authorization: Bearer`: the runtime's
   * `RATIBA_SERVICE_TOKEN`, or a Keycloak access token (a function is asked before every
   * request, so a service account's token can be refreshed). Unset: no credential, which only
   * a development-mode runtime on this machine accepts.
   */
  token?: string | (() => Promise<string>);
}

/**
 * The call's turns through a running backend's simulator API (what `npx ratiba call` and the
 * console's call panel use): the same inbox rows and replies as the in-process bridge, over HTTP,
 * authenticated like any other caller of the API.
 */
export class HttpTurnBridge implements TurnBridge {
  private readonly opts: HttpTurnBridgeOptions;

  constructor(
    private readonly baseUrl: string,
    options: Partial<HttpTurnBridgeOptions> = {},
  ) {
    this.opts = { followUp: 'simulator', ...options };
  }

  private async authorization(): Promise<Record<string, string>> {
    const { token } = this.opts;
    if (token === undefined) return {};
    const value = typeof token === 'string' ? token : await token();
    return { authorization: `Bearer ${value}` };
  }

  private async post(path: string, body: Record<string, unknown>): Promise<Answer> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await this.authorization()) },
      body: JSON.stringify(body),
    });
    const answer = (await res.json().catch(() => ({}))) as Answer;
    if (!res.ok) throw new Error(`${path}: ${res.status} ${answer.message ?? ''}`.trim());
    return answer;
  }

  private result(a: Answer): TurnResult {
    const status = a.status === 'timeout' || a.status === 'error' ? a.status : 'ok';
    return { status, replies: a.replies ?? [] };
  }

  private event(call: CallInfo, type: string, extra: Record<string, unknown> = {}) {
    return this.post(`/api/simulator/calls/${encodeURIComponent(call.callId)}/events`, {
      tenant: call.tenant,
      from: call.from,
      type,
      ...extra,
    });
  }

  async start(call: CallInfo): Promise<TurnResult> {
    return this.result(await this.event(call, 'call.started'));
  }

  async say(
    call: CallInfo,
    turn: { seq: number; text: string; replyId?: string },
  ): Promise<TurnResult> {
    const a = await this.post('/api/simulator/messages', {
      tenant: call.tenant,
      from: call.from,
      channel: 'voice',
      text: turn.text,
      messageId: `${call.callId}:${turn.seq}`,
      ...(turn.replyId ? { replyId: turn.replyId } : {}),
    });
    return this.result(a);
  }

  async unheard(call: CallInfo, turn: { seq: number; text: string }): Promise<void> {
    await this.event(call, 'call.unheard', { text: turn.text.slice(0, 4000), seq: turn.seq });
  }

  async end(call: CallInfo, info: { reason: 'hangup' | 'agent' | 'error' }): Promise<void> {
    await this.event(call, 'call.ended', {
      reason: info.reason,
      ...(this.opts.followUp ? { followUp: this.opts.followUp } : {}),
    });
  }
}
