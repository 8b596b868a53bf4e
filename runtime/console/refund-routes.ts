import type Router from '@koa/router';
import { z } from 'zod';
import { applyRefundDone, listRefunds, type RefundTask } from '../../booking';
import { publicError, type RefundTaskView } from '../../contract';
import { readJson } from '../http/body';
import { maskPhone } from '../mailbox/phone';
import type { ConsoleRouteHelpers } from './console-route-helpers';
import type { Ctx } from './inbox-routes';

const refundRef = z
  .string()
  .regex(/^R?\d{1,15}$/i, 'a refund number such as R12')
  .transform((s) => Number(s.replace(/^r/i, '')));
const doneBody = z.object({ note: z.string().trim().max(200).optional() }).strict();

/**
 * Refund tasks (issue 13): what the owner must refund by hand, open ones first, and marking one
 * done from the console through the same path as the owner's "refund R2 done" (audited, with the
 * operator as actor). A task already done, or an automatic refund, is a 409; nothing changes.
 */
export function refundRoutes(router: Router, h: ConsoleRouteHelpers): void {
  const base = '/api/tenants/:tenant/refunds';
  router.get(base, async (ctx: Ctx) => {
    const t = await h.tenantOf(ctx, await h.who(ctx));
    const rows = await listRefunds(h.db, t.schema);
    ctx.body = { timezone: t.timezone, refunds: rows.map(view) };
  });

  router.post(`${base}/:id/done`, async (ctx: Ctx) => {
    const p = await h.who(ctx);
    const t = await h.tenantOf(ctx, p);
    const refundId = h.parse(refundRef, ctx.params.id);
    const body = await readJson(ctx, doneBody);
    const operator = { subject: p.subject, name: p.name };
    const r = await applyRefundDone(
      { db: h.db, schema: t.schema, adminPhone: null, adminThread: '' },
      { type: 'refund_done', refundId },
      { operator, note: body.note || null },
    );
    if (!r.ok) {
      if (r.reason === 'no_such_refund') throw publicError('not_found', `no refund R${refundId}`);
      ctx.status = 409;
      ctx.body = { error: r.reason, message: refusal(r.reason, refundId) };
      return;
    }
    h.log.info(
      { tenant: t.slug, refund: refundId, operator: p.subject, action: 'refund done' },
      'console action',
    );
    ctx.body = { ok: true, ref: `R${refundId}` };
  });
}

function refusal(reason: string, id: number): string {
  if (reason === 'refund_already_done') return `R${id} is already marked done.`;
  return `R${id} is an automatic refund, settled by its payment provider: there is nothing to mark.`;
}

function view(r: RefundTask): RefundTaskView {
  return {
    ref: `R${r.id}`,
    id: r.id,
    amountMinor: r.amountMinor,
    currency: r.currency,
    method: r.method,
    status: r.status,
    open: r.status === 'manual',
    customer: r.customerName || (r.customerPhone ? maskPhone(r.customerPhone) : null),
    appointmentId: r.appointmentId,
    serviceName: r.serviceName,
    start: Date.parse(r.startAt),
    createdAt: Date.parse(r.createdAt),
    doneAt: r.doneAt ? Date.parse(r.doneAt) : null,
    doneBy: r.doneBy,
    doneNote: r.doneNote,
    reason: r.reason,
    receipt: r.receipt,
  };
}
