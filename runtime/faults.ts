/**
 * Fault injection for the crash tests: when `RATIBA_FAULT_POINT` names a point, the process
 * kills itself with SIGKILL the first time it reaches it — no cleanup, no flush, exactly like a
 * `kill -9` at that step. Unset in production; costs one comparison per point.
 */
export type FaultPoint =
  | 'ingress.after_inbox_insert'
  | 'turn.before_commit'
  | 'turn.inside_commit'
  | 'turn.after_commit'
  | 'outbox.after_send'
  /** A payment request was accepted by the provider and recorded; its effect is not yet done. */
  | 'payment.after_request'
  | 'timer.after_fire';

export interface Faults {
  hit(point: FaultPoint): void;
}

export function createFaults(point: string | undefined): Faults {
  if (!point) return { hit: () => undefined };
  return {
    hit(p) {
      if (p === point) process.kill(process.pid, 'SIGKILL');
    },
  };
}
