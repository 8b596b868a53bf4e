/**
 * The owner's side of the contract (issue 12): what an admin's message means (`AdminCommand`,
 * attached to the message by the runtime before the turn, like `Understanding` for customers)
 * and the calls the admin-thread machine makes (`AdminCallKinds`).
 */
import type { PaymentReaperReport } from './payments';
import type { Slot } from './thread';

export type AdminLanguage = 'en' | 'sw';

/** Dates are YYYY-MM-DD and times HH:MM in the tenant's time zone; months are YYYY-MM. */
export type AdminCommand =
  | { type: 'agenda'; date: string; staffId?: string; staffName?: string }
  | { type: 'free'; date: string; time: string }
  | { type: 'takings'; date: string }
  | {
      type: 'block';
      staffId: string | null;
      staffName?: string;
      date: string;
      from: string;
      to: string;
    }
  | { type: 'day_off'; staffId: string; staffName: string; date: string }
  /** Open outside the normal hours on one date: one staff member, or the salon (null). */
  | {
      type: 'extra_hours';
      staffId: string | null;
      staffName?: string;
      date: string;
      from: string;
      to: string;
    }
  | { type: 'holiday'; date: string }
  | {
      type: 'walk_in';
      name: string;
      phone: string;
      serviceId: string;
      serviceName: string;
      staffId: string | null;
      staffName?: string;
      date: string;
      time: string;
    }
  | { type: 'set_price'; serviceId: string; serviceName: string; priceKesMinor: number }
  | { type: 'set_duration'; serviceId: string; serviceName: string; durationMin: number }
  | { type: 'pause_service'; serviceId: string; serviceName: string }
  | { type: 'resume_service'; serviceId: string; serviceName: string }
  | { type: 'add_service'; name: string; priceKesMinor: number; durationMin: number }
  | { type: 'add_staff'; name: string }
  /** Services a staff member does from now on, added to the ones they already do. */
  | {
      type: 'assign_services';
      staffId: string;
      staffName: string;
      serviceIds: string[];
      serviceNames: string[];
    }
  | { type: 'add_knowledge'; text: string }
  | {
      type: 'mark_done';
      appointmentId: number;
      actualStart?: string;
      actualEnd?: string;
      tipKesMinor?: number;
    }
  | { type: 'no_show'; appointmentId: number }
  /** A manual refund task (R<id>, from the owner's notice) was carried out. */
  | { type: 'refund_done'; refundId: number }
  | { type: 'take_over'; phone?: string; code?: string }
  | { type: 'hand_back' }
  | { type: 'reply'; code?: string; text: string }
  | { type: 'dismiss'; code?: string }
  | { type: 'commission'; staffId: string; staffName: string; month: string }
  | { type: 'close_month'; month: string }
  /** A correction of a closed period: `deltaKesMinor` added to the commission, with a note. */
  | {
      type: 'amend_commission';
      staffId: string;
      staffName: string;
      month: string;
      deltaKesMinor: number;
      note: string;
    }
  | { type: 'help' }
  | { type: 'yes' }
  | { type: 'no' }
  | AdminProblem
  | { type: 'unknown' };

/** A command recognised but not usable as written: the machine says why. */
export interface AdminProblem {
  type: 'problem';
  problem: 'unknown_staff' | 'unknown_service' | 'ambiguous_date' | 'past_date' | 'missing';
  /** The word that did not match (unknown_*), or what is missing ('date', 'time', 'price'...). */
  word?: string;
  /** did-you-mean */
  suggestion?: string;
  date?: string;
}

export type AdminCommandType = AdminCommand['type'];

/** The owner's changes to the catalog itself (services, staff, knowledge), previewed first. */
export const CATALOG_COMMAND_TYPES = [
  'set_price',
  'set_duration',
  'pause_service',
  'resume_service',
  'add_service',
  'add_staff',
  'add_knowledge',
] as const satisfies readonly AdminCommandType[];

export type CatalogCommand = Extract<
  AdminCommand,
  { type: (typeof CATALOG_COMMAND_TYPES)[number] }
>;

export interface AdminUnderstanding {
  language: AdminLanguage;
  command: AdminCommand;
}

/** An appointment as the owner sees it. Times are ISO 8601 with the tenant's offset. */
export interface AdminAppointment extends Slot {
  id: number;
  customerName: string | null;
  customerPhone: string | null;
  customerThread: string;
  customerLanguage: AdminLanguage;
  serviceName: string;
  status: string;
  priceKesMinor: number;
}

/** A change's effect on one customer's booking, told to them through their own thread. */
export interface CustomerNotice {
  threadKey: string;
  language: AdminLanguage;
  kind: 'cancelled' | 'moved' | 'booked';
  appointment: AdminAppointment;
  /** `moved`: the new booking. */
  moved?: AdminAppointment;
}

export type AffectedDecision = 'keep' | 'cancel' | 'move';

export interface DigestData {
  date: string;
  perStaff: { staffName: string; count: number; first: string | null }[];
  total: number;
  yesterdayTakingsKesMinor: number;
  /** M-Pesa payments received yesterday. */
  yesterdayMpesaKesMinor?: number;
  noShowsYesterday: number;
  /** What the payment reaper did overnight, when it did anything. */
  overnight?: PaymentReaperReport;
}

export interface AdminCallKinds {
  /** Read-only: agenda, free, takings, commission. */
  'admin.query': {
    payload: { command: AdminCommand };
    result:
      | { kind: 'agenda'; appointments: AdminAppointment[] }
      | { kind: 'free'; staff: string[] }
      | {
          kind: 'takings';
          totalKesMinor: number;
          tipsKesMinor: number;
          count: number;
          /** Money in that day by method (absent from results of before payments). */
          mpesaKesMinor?: number;
          salonKesMinor?: number;
        }
      | {
          kind: 'commission';
          revenueKesMinor: number;
          commissionKesMinor: number;
          appointments: number;
          closed: boolean;
        }
      | { kind: 'refused'; reason: string };
  };
  /** What a change would do, before the owner confirms: the bookings it hits, the old value. */
  'admin.preview': {
    payload: { command: AdminCommand };
    result:
      { ok: true; affected: AdminAppointment[]; before?: string } | { ok: false; reason: string };
  };
  /** Carries the change out and writes the audit row; the customers to tell come back. */
  'admin.apply': {
    payload: { command: AdminCommand; decision?: AffectedDecision; adminThread: string };
    result:
      | { ok: true; summary: string; notices: CustomerNotice[]; customer?: AdminCustomer }
      | { ok: false; reason: string };
  };
  /** Who a customer thread is, and what they said lately (the escalation's summary). */
  'admin.customer': {
    payload: { threadKey: string };
    result: AdminCustomer & { summary: string };
  };
  /** Actions the thread does by itself (take over, hand back, reply, dismiss), for the audit. */
  'admin.audit': {
    payload: { action: string; target: string | null };
    result: Record<string, never>;
  };
  /** A photo the owner sent read into a staged catalog draft (issue 15); never applied here. */
  'admin.catalog_photo': {
    payload: { mediaId: string; mimeType: string; caption: string };
    result: CatalogPhotoResult;
  };
  /** The owner's tap on a draft's summary: apply it whole, or discard it. */
  'admin.catalog_draft': {
    payload: { draftId: string; action: 'apply' | 'discard' };
    result: { done: boolean; applied: number; problems: number };
  };
  'admin.digest': {
    payload: Record<string, never>;
    result: { skip: boolean; data: DigestData; nextAt: number; openEscalations?: number };
  };
}

export interface AdminCustomer {
  threadKey: string;
  label: string;
  language: AdminLanguage;
}

export type AdminCallKind = keyof AdminCallKinds;

/** What a photo of a price list became: a draft to confirm, or why there is none (EN and SW). */
export type CatalogPhotoResult =
  | {
      staged: true;
      draftId: string;
      services: { name: string; action: string; priceKesMinor: number; durationMin: number }[];
      problems: { line: number; message: string }[];
    }
  | { staged: false; text: { en: string; sw: string } };
