import type { OutboundMessage } from '../../contract';

export interface TurnReplies {
  /** `ok` once every turn the event caused has committed; `error` if one failed for good. */
  status: 'ok' | 'error' | 'timeout';
  replies: OutboundMessage[];
  error?: string;
}

interface Chain {
  replies: OutboundMessage[];
  /** Calls emitted by the chain whose results have not been applied yet. */
  openCalls: number;
  resolve(r: TurnReplies): void;
  timer: NodeJS.Timeout;
}

/**
 * Lets an ingress await the replies its event caused (the simulator, voice). An event's chain is
 * the turn it caused plus the turns of the results of the calls emitted along the way (a booking
 * message -> availability lookup -> slot offer); it resolves when no call of it is still open.
 * Released only after the commits, so nothing returned here can be lost.
 */
export class ReplyWaiters {
  private readonly chains = new Map<string, Chain>();

  wait(rootEventId: string, timeoutMs: number): Promise<TurnReplies> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const c = this.chains.get(rootEventId);
        this.chains.delete(rootEventId);
        resolve({ status: 'timeout', replies: c?.replies ?? [] });
      }, timeoutMs);
      timer.unref();
      this.chains.set(rootEventId, { replies: [], openCalls: 0, resolve, timer });
    });
  }

  has(rootEventId: string): boolean {
    return this.chains.has(rootEventId);
  }

  /** A committed turn of the chain: `closesCall` when its event was the result of a call. */
  committed(
    rootEventId: string,
    replies: OutboundMessage[],
    callsOpened: number,
    closesCall: boolean,
  ): void {
    const c = this.chains.get(rootEventId);
    if (!c) return;
    c.replies.push(...replies);
    c.openCalls += callsOpened - (closesCall ? 1 : 0);
    if (c.openCalls <= 0) this.finish(rootEventId, { status: 'ok', replies: c.replies });
  }

  failed(rootEventId: string, error: string): void {
    const c = this.chains.get(rootEventId);
    if (c) this.finish(rootEventId, { status: 'error', replies: c.replies, error });
  }

  private finish(id: string, r: TurnReplies): void {
    const c = this.chains.get(id);
    if (!c) return;
    clearTimeout(c.timer);
    this.chains.delete(id);
    c.resolve(r);
  }

  close(): void {
    for (const id of [...this.chains.keys()])
      this.finish(id, { status: 'timeout', replies: this.chains.get(id)!.replies });
  }
}
