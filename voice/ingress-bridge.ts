import type { ChannelName, OutboundMessage } from '../contract';
import type { CallInfo, TurnBridge, TurnResult } from './ports';

/** What the bridge needs of the runtime's ingress (`Ingress` in runtime/mailbox implements it). */
export interface CallIngress {
  acceptMessage(
    m: {
      tenant: string;
      from: string;
      channel: ChannelName;
      text: string;
      replyId?: string;
      eventId: string;
      source: string;
    },
    options: { awaitReply?: boolean; at?: number },
  ): Promise<AcceptedCallEvent>;
  acceptForPhone(
    e: {
      tenant: string;
      from: string;
      channel: ChannelName;
      eventId: string;
      source: string;
      event: { type: string; at: number } & Record<string, unknown>;
    },
    options?: { awaitReply?: boolean },
  ): Promise<AcceptedCallEvent>;
}

export interface AcceptedCallEvent {
  /** The replies of the turns the event caused (when asked for). */
  replies?: Promise<{ status: 'ok' | 'error' | 'timeout'; replies: OutboundMessage[] }>;
}

export interface IngressBridgeOptions {
  /**
   * Where the thread's follow-ups go after the call (the booking confirmation, a payment link):
   * the channel `call.ended` switches the thread to. Null keeps them on the call's record only.
   */
  followUpChannel: (call: CallInfo) => Promise<ChannelName | null>;
  /** The time events carry (epoch ms). */
  now: () => number;
}

export const DEFAULT_INGRESS_BRIDGE_OPTIONS: IngressBridgeOptions = {
  followUpChannel: () => Promise.resolve('whatsapp'),
  now: () => Date.now(),
};

const SOURCE = 'voice';

async function repliesOf(accepted: AcceptedCallEvent): Promise<TurnResult> {
  if (!accepted.replies) return { status: 'ok', replies: [] };
  const r = await accepted.replies;
  return { status: r.status, replies: r.replies };
}

/**
 * The call's turns through the runtime's ingress: every utterance is an inbox row first
 * (durable before anything is spoken back; `voice:<callId>:<seq>` makes a retry a no-op), and
 * the bridge awaits the replies of the turns it caused, as the simulator does.
 */
export class IngressTurnBridge implements TurnBridge {
  private readonly o: IngressBridgeOptions;

  constructor(
    private readonly ingress: CallIngress,
    options: Partial<IngressBridgeOptions> = {},
  ) {
    this.o = { ...DEFAULT_INGRESS_BRIDGE_OPTIONS, ...options };
  }

  async start(call: CallInfo): Promise<TurnResult> {
    const accepted = await this.ingress.acceptForPhone(
      {
        tenant: call.tenant,
        from: call.from,
        channel: 'voice',
        eventId: `voice:${call.callId}:start`,
        source: SOURCE,
        event: { type: 'call.started', at: this.o.now(), channel: 'voice', callId: call.callId },
      },
      { awaitReply: true },
    );
    return repliesOf(accepted);
  }

  async say(
    call: CallInfo,
    turn: { seq: number; text: string; replyId?: string },
  ): Promise<TurnResult> {
    const accepted = await this.ingress.acceptMessage(
      {
        tenant: call.tenant,
        from: call.from,
        channel: 'voice',
        text: turn.text,
        ...(turn.replyId ? { replyId: turn.replyId } : {}),
        eventId: `voice:${call.callId}:${turn.seq}`,
        source: SOURCE,
      },
      { awaitReply: true, at: this.o.now() },
    );
    return repliesOf(accepted);
  }

  async unheard(call: CallInfo, turn: { seq: number; text: string }): Promise<void> {
    await this.ingress.acceptForPhone({
      tenant: call.tenant,
      from: call.from,
      channel: 'voice',
      eventId: `voice:${call.callId}:${turn.seq}:unheard`,
      source: SOURCE,
      event: { type: 'call.unheard', at: this.o.now(), text: turn.text.slice(0, 2000) },
    });
  }

  async end(call: CallInfo, info: { reason: 'hangup' | 'agent' | 'error' }): Promise<void> {
    const followUp = await this.o.followUpChannel(call);
    await this.ingress.acceptForPhone({
      tenant: call.tenant,
      from: call.from,
      channel: 'voice',
      eventId: `voice:${call.callId}:end`,
      source: SOURCE,
      event: {
        type: 'call.ended',
        at: this.o.now(),
        callId: call.callId,
        reason: info.reason,
        ...(followUp ? { channel: followUp } : {}),
      },
    });
  }
}
