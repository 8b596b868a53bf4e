/** The owner marks a manual refund task done (WhatsApp "refund R2 done", or the console). */
import type { AdminCallKinds, AdminCommand } from '../../contract';
import { markRefundDone } from '../payments/refund-repo';
import { audit, type AdminScope } from './admin-scope';
import { writeAudit } from './audit';

type Applied = AdminCallKinds['admin.apply']['result'];

/** Who marked it from the console (instead of the owner's WhatsApp), and their reference note. */
export interface ConsoleRefundActor {
  operator: { subject: string; name: string };
  note: string | null;
}

export async function applyRefundDone(
  scope: Pick<AdminScope, 'db' | 'schema' | 'adminPhone' | 'adminThread'>,
  c: Extract<AdminCommand, { type: 'refund_done' }>,
  from?: ConsoleRefundActor,
): Promise<Applied> {
  return scope.db.transaction(async (tx) => {
    const doneBy = from ? `console:${from.operator.subject}` : scope.adminPhone;
    const r = await markRefundDone(tx, scope.schema, c.refundId, doneBy, from?.note ?? null);
    if (!r.ok) return { ok: false, reason: r.reason };
    await writeAudit(tx, scope.schema, {
      ...(from ? { adminPhone: null, threadKey: null } : audit(scope)),
      action: 'refund_done',
      target: `R${c.refundId}`,
      before: { status: 'manual' },
      after: {
        status: 'done',
        amountMinor: r.refund.amountMinor,
        appointmentId: r.refund.appointmentId,
        ...(from ? { operator: from.operator, note: from.note } : {}),
      },
    });
    return { ok: true, summary: `R${c.refundId}`, notices: [] };
  });
}
