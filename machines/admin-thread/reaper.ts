/**
 * The payment reaper's chain in the owner's thread: the durable `reaper.due` timer (03:00 tenant
 * time) asks the runtime to reap (`payment.reap`) and the result sets the next one. What the
 * reaper did is kept by the runtime and told in the next digest, not in the night.
 */
import type { Effect, PaymentCallKinds } from '../../contract';
import type { AdminContext, AdminThreadEvent } from './types';

type Update = { patch: Partial<AdminContext>; effects: Effect[] };

export const REAPER_TIMER = 'reaper';

const nextRun = (fireAt: number): Effect => ({
  type: 'timer.set',
  key: REAPER_TIMER,
  fireAt,
  event: { type: 'reaper.due' },
});

export function onReaperDue(_c: AdminContext, e: AdminThreadEvent): Update {
  return e.type === 'reaper.due'
    ? { patch: {}, effects: [{ type: 'call', kind: 'payment.reap', payload: {} }] }
    : { patch: {}, effects: [] };
}

export function onReaped(_c: AdminContext, e: AdminThreadEvent): Update {
  if (e.type !== 'call.result' || e.kind !== 'payment.reap') return { patch: {}, effects: [] };
  const r = e.result as PaymentCallKinds['payment.reap']['result'];
  // Never a chain that stops: a result without a later time runs again tomorrow.
  const at = typeof r.nextAt === 'number' && r.nextAt > e.at ? r.nextAt : e.at + 24 * 3600_000;
  return { patch: {}, effects: [nextRun(at)] };
}

/** The reap failed for good (dead-lettered): the chain goes on tomorrow. */
export function onReapFailed(_c: AdminContext, e: AdminThreadEvent): Update {
  return e.type === 'effect.failed' && e.kind === 'payment.reap'
    ? { patch: {}, effects: [nextRun(e.at + 24 * 3600_000)] }
    : { patch: {}, effects: [] };
}
