/** The owner marks a manual refund task done (WhatsApp "refund R2 done", or the console). */
import type { AdminCallKinds, AdminCommand } from '../../contract';
import { markRefundDone } from '../payments/refund-repo';
import { audit, type AdminScope } from './admin-scope';
import { writeAudit } from './audit';

type Applied = AdminCallKinds['admin.apply']['result'];

export async function applyRefundDone(
  scope: AdminScope,
  c: Extract<AdminCommand, { type: 'refund_done' }>,
): Promise<Applied> {
  return scope.db.transaction(async (tx) => {
    const r = await markRefundDone(tx, scope.schema, c.refundId, scope.adminPhone);
    if (!r.ok) return { ok: false, reason: r.reason };
    await writeAudit(tx, scope.schema, {
      ...audit(scope),
      action: 'refund_done',
      target: `R${c.refundId}`,
      before: { status: 'manual' },
      after: {
        status: 'done',
        amountMinor: r.refund.amountMinor,
        appointmentId: r.refund.appointmentId,
      },
    });
    return { ok: true, summary: `R${c.refundId}`, notices: [] };
  });
}
