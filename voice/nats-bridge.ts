import { TimeoutError, type NatsConnection } from '@nats-io/nats-core';
import type { CallRoute, CallRouter } from './livekit/sip-call';
import type { CallInfo, TurnBridge, TurnResult } from './ports';

/** Subjects of the voice gateway every Ratiba node serves (queue group `ratiba.voice`). */
export const VOICE_SUBJECTS = { route: 'ratiba.voice.route', turn: 'ratiba.voice.turn' } as const;

export type VoiceTurnRequest =
  | { op: 'start'; call: CallInfo }
  | { op: 'say'; call: CallInfo; turn: { seq: number; text: string; replyId?: string } }
  | { op: 'unheard'; call: CallInfo; turn: { seq: number; text: string } }
  | { op: 'end'; call: CallInfo; reason: 'hangup' | 'agent' | 'error' };

export type VoiceGatewayAnswer<T> =
  { ok: true; result: T } | { ok: false; error: string; message: string };

export interface NatsVoiceClientOptions {
  /** How long a turn may take before the caller hears "still working" (the turn stays durable). */
  turnTimeoutMs: number;
  routeTimeoutMs: number;
}

export const DEFAULT_NATS_VOICE_CLIENT_OPTIONS: NatsVoiceClientOptions = {
  turnTimeoutMs: 12_000,
  routeTimeoutMs: 3_000,
};

/**
 * The voice worker's door into the threads when it runs apart from the nodes (its own
 * container, LiveKit's job processes): every turn is a NATS request that a node answers with
 * the in-process `IngressTurnBridge` (durable inbox row, then the turn's replies). A request
 * that times out is `timeout` (the row is written or was never acknowledged; `voice:<callId>:<seq>`
 * makes a repeat a no-op).
 */
export class NatsVoiceClient implements TurnBridge, CallRouter {
  private readonly o: NatsVoiceClientOptions;

  constructor(
    private readonly nc: NatsConnection,
    options: Partial<NatsVoiceClientOptions> = {},
  ) {
    this.o = { ...DEFAULT_NATS_VOICE_CLIENT_OPTIONS, ...options };
  }

  private async request<T>(subject: string, body: unknown, timeout: number): Promise<T> {
    const m = await this.nc.request(subject, JSON.stringify(body), { timeout });
    const a = m.json<VoiceGatewayAnswer<T>>();
    if (!a.ok) throw new Error(`voice gateway: ${a.error}: ${a.message}`);
    return a.result;
  }

  route(calledNumber: string): Promise<CallRoute | null> {
    return this.request<CallRoute | null>(
      VOICE_SUBJECTS.route,
      { called: calledNumber },
      this.o.routeTimeoutMs,
    );
  }

  private async turn(req: VoiceTurnRequest): Promise<TurnResult> {
    try {
      return await this.request<TurnResult>(VOICE_SUBJECTS.turn, req, this.o.turnTimeoutMs);
    } catch (err) {
      if (err instanceof TimeoutError) return { status: 'timeout', replies: [] };
      throw err;
    }
  }

  start(call: CallInfo): Promise<TurnResult> {
    return this.turn({ op: 'start', call });
  }

  say(call: CallInfo, turn: { seq: number; text: string; replyId?: string }): Promise<TurnResult> {
    return this.turn({ op: 'say', call, turn });
  }

  async unheard(call: CallInfo, turn: { seq: number; text: string }): Promise<void> {
    await this.turn({ op: 'unheard', call, turn });
  }

  async end(call: CallInfo, info: { reason: 'hangup' | 'agent' | 'error' }): Promise<void> {
    await this.turn({ op: 'end', call, reason: info.reason });
  }
}
