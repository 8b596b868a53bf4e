import { randomUUID } from 'node:crypto';
import {
  bookingPolicy,
  bookingWindow,
  cancelAppointment,
  CatalogCache,
  createAppointment,
  paidPayment,
  refundFor,
  rescheduleAppointment,
  writeAudit,
  type AppointmentScope,
} from '../../booking';
import { ident, publicError, type AppointmentSummary, type ChannelName } from '../../contract';
import type { Database } from '../db/database';
import type { Ingress } from '../mailbox/ingress';
import { normalizePhone } from '../mailbox/phone';
import type { Operator } from '../stores/console-assignments';
import { customerByPhone, nameCustomer } from '../stores/customers';
import { threadKeyFor } from '../supervisor/thread-key';
import type { Tenant } from '../tenancy/tenant-registry';
import { kes, refusal, staffProblem, statusText, type ChangeOutcome } from './calendar-refusals';

export type CustomerRef = { threadKey: string } | { phone: string; name: string };

export type { ChangeOutcome } from './calendar-refusals';

interface Booked {
  id: number;
  customerId: number;
  threadKey: string;
  status: string;
  startMs: number;
  serviceId: string;
  staffId: string;
}

/**
 * Bookings the salon makes, moves and cancels from the console's calendar. Like the owner's
 * walk-in, the booking service does the change at once, so a conflict comes back to the operator
 * with its reason (nothing is half-done: a refused change changes nothing); then the customer's
 * thread is told (`operator.changed`) and tells the customer in their language. The salon is not
 * held to the customer's cancel/reschedule cutoff; every change is in the audit with the operator.
 */
export class CalendarChanges {
  private readonly catalogs = new CatalogCache();

  constructor(private readonly deps: { db: Database; ingress: Ingress }) {}

  async create(
    t: Tenant,
    by: Operator,
    req: { customer: CustomerRef; serviceId: string; staffId: string; startMs: number },
  ): Promise<ChangeOutcome> {
    const now = Date.now();
    const scope = await this.scope(t, null, now);
    const problem = staffProblem(scope.catalog, req.serviceId, req.staffId);
    if (problem) return problem;
    const customer = await this.customer(t, req.customer);
    const r = await createAppointment(
      { ...scope, customerId: customer.id },
      {
        serviceId: req.serviceId,
        staffId: req.staffId,
        startMs: req.startMs,
        channel: customer.channel,
        threadKey: customer.threadKey,
      },
    );
    if (!r.ok) return refusal(r.reason, scope.catalog, req.staffId, r.alternatives);
    await this.audit(t, by, 'calendar_book', r.appointment.id, null, {
      ...req,
      customer: customer.id,
    });
    return this.tell(t, customer, 'booked', r.appointment);
  }

  async move(
    t: Tenant,
    by: Operator,
    id: number,
    req: { startMs: number; staffId: string | null },
  ): Promise<ChangeOutcome> {
    const now = Date.now();
    const old = await this.booked(t, id);
    if (!['booked', 'confirmed'].includes(old.status))
      return { ok: false, code: `already_${old.status}`, message: statusText(old.status) };
    const scope = await this.scope(t, null, now);
    const a = scope.catalog;
    if (req.staffId) {
      const problem = staffProblem(a, old.serviceId, req.staffId);
      if (problem) return problem;
    }
    const r = await rescheduleAppointment(scope, {
      appointmentId: id,
      startMs: req.startMs,
      staffId: req.staffId,
      threadKey: old.threadKey,
    });
    if (!r.ok) return refusal(r.reason, a, req.staffId ?? old.staffId, r.alternatives);
    await this.audit(
      t,
      by,
      'calendar_move',
      id,
      { start: old.startMs },
      {
        ...req,
        appointmentId: r.appointment.id,
      },
    );
    return this.tell(t, { id: old.customerId, threadKey: old.threadKey }, 'moved', r.appointment);
  }

  async cancel(
    t: Tenant,
    by: Operator,
    id: number,
    opts: { acknowledgePaid: boolean },
  ): Promise<ChangeOutcome> {
    const now = Date.now();
    const old = await this.booked(t, id);
    if (!['booked', 'confirmed', 'pending_payment'].includes(old.status))
      return { ok: false, code: `already_${old.status}`, message: statusText(old.status) };
    if (old.startMs <= now)
      return {
        ok: false,
        code: 'past',
        message:
          'This booking has already started or is over: mark it done or a no-show instead of cancelling.',
      };
    const paid = await paidPayment(this.deps.db, t.schema, id);
    const refund = paid
      ? await refundFor(this.deps.db, t.schema, t.settings, {
          appointmentId: id,
          startMs: old.startMs,
          now,
        })
      : 0;
    if (paid && !opts.acknowledgePaid)
      return {
        ok: false,
        code: 'paid',
        message: `This booking is paid (${kes(paid.amountMinor)}). Cancelling refunds ${kes(refund)} under the refund policy; confirm to cancel.`,
      };
    const r = await cancelAppointment(await this.scope(t, null, now), id);
    if (!r.ok) return refusal(r.reason, null, null, []);
    await this.audit(
      t,
      by,
      'calendar_cancel',
      id,
      { status: old.status },
      { refundDueMinor: refund },
    );
    return this.tell(
      t,
      { id: old.customerId, threadKey: old.threadKey },
      'cancelled',
      r.appointment,
      refund,
    );
  }

  private async scope(
    t: Tenant,
    customerId: number | null,
    now: number,
  ): Promise<AppointmentScope> {
    const window = bookingWindow(bookingPolicy(t.settings), now);
    const catalog = await this.catalogs.catalog(this.deps.db, t.schema, t, window);
    return { db: this.deps.db, schema: t.schema, catalog, customerId, now };
  }

  /** The customer of a new booking: one the console knows (by thread), or a phone and a name. */
  private async customer(
    t: Tenant,
    ref: CustomerRef,
  ): Promise<{ id: number; threadKey: string; channel: ChannelName }> {
    const s = ident(t.schema);
    if ('threadKey' in ref) {
      const m = /^c:(\d{1,15})$/.exec(ref.threadKey);
      const { rows } = m
        ? await this.deps.db.query<{ channel: string | null }>(
            `SELECT (SELECT last_channel FROM ${s}.threads WHERE thread_key = $2) AS channel
             FROM ${s}.customers WHERE id = $1`,
            [Number(m[1]), ref.threadKey],
          )
        : { rows: [] };
      if (!m || !rows[0]) throw publicError('not_found', `no customer thread ${ref.threadKey}`);
      return { id: Number(m[1]), threadKey: ref.threadKey, channel: chatChannel(rows[0].channel) };
    }
    const phone = normalizePhone(ref.phone);
    if (!phone)
      throw publicError('bad_request', 'phone must be a phone number, e.g. +254712345678');
    const id = await customerByPhone(this.deps.db, t.schema, phone, 'whatsapp');
    await nameCustomer(this.deps.db, t.schema, id, ref.name);
    return { id, threadKey: threadKeyFor('customer', id), channel: 'whatsapp' };
  }

  private async booked(t: Tenant, id: number): Promise<Booked> {
    const { rows } = await this.deps.db.query<{
      customer_id: string;
      thread_key: string | null;
      status: string;
      start_at: Date;
      service_id: string;
      staff_id: string;
    }>(
      `SELECT customer_id, thread_key, status, start_at, service_id, staff_id
       FROM ${ident(t.schema)}.appointments WHERE id = $1`,
      [id],
    );
    const r = rows[0];
    if (!r) throw publicError('not_found', `no appointment ${id}`);
    const customerId = Number(r.customer_id);
    return {
      id,
      customerId,
      threadKey: r.thread_key ?? threadKeyFor('customer', customerId),
      status: r.status,
      startMs: r.start_at.getTime(),
      serviceId: r.service_id,
      staffId: r.staff_id,
    };
  }

  private async audit(
    t: Tenant,
    by: Operator,
    action: string,
    id: number,
    before: unknown,
    after: Record<string, unknown>,
  ): Promise<void> {
    await writeAudit(this.deps.db, t.schema, {
      adminPhone: null,
      threadKey: null,
      action,
      target: `appointment:${id}`,
      before,
      after: { ...after, operator: by },
    });
  }

  /** The customer's thread tells them (in their language); durable before the operator hears. */
  private async tell(
    t: Tenant,
    customer: { id: number; threadKey: string },
    change: 'booked' | 'moved' | 'cancelled',
    appointment: AppointmentSummary,
    refundDueMinor = 0,
  ): Promise<ChangeOutcome> {
    const accepted = await this.deps.ingress.accept({
      tenant: t.slug,
      eventId: `console:${randomUUID()}`,
      threadKey: customer.threadKey,
      kind: 'customer',
      customerId: customer.id,
      source: 'console',
      channel: null,
      event: {
        type: 'operator.changed',
        at: Date.now(),
        change,
        appointment,
        ...(refundDueMinor > 0 ? { refundDueMinor } : {}),
      },
    });
    return { ok: true, appointment, thread: customer.threadKey, eventId: accepted.eventId };
  }
}

/** A thread's chat channel for a booking's source; a call or none counts as WhatsApp. */
function chatChannel(channel: string | null): ChannelName {
  const chats: readonly ChannelName[] = ['whatsapp', 'instagram', 'messenger', 'sms', 'simulator'];
  return chats.includes(channel as ChannelName) ? (channel as ChannelName) : 'whatsapp';
}
