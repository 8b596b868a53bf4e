import type { AppointmentPayment } from './thread';

/**
 * The console's HTTP types added by issue 16 (conversation pane, inbox workflow), shared by the
 * backend (runtime/console) and the dashboard (`$contract/console-api`). Types only; imports
 * nothing of the project.
 */

/** Who wrote a line of the conversation. */
export type ChatAuthor = 'customer' | 'bot' | 'operator';

/**
 * What became of a message we sent: `pending` (in the outbox), `sent` (the provider accepted it),
 * `delivered`, `read`, or `failed` (the provider refused it, or it was given up).
 */
export type ChatDelivery = 'pending' | 'sent' | 'delivered' | 'read' | 'failed';

export interface ChatMessage {
  /** Stable within a thread: `<seq>:in` for what came in, `<seq>:<effect index>` for replies. */
  id: string;
  seq: number;
  author: ChatAuthor;
  text: string;
  at: number;
  channel: string | null;
  /** Outgoing messages only. */
  delivery: ChatDelivery | null;
  /** Why a send failed, in words an operator can act on. */
  error: string | null;
  /** Titles of the buttons or list rows offered with a bot message. */
  choices: string[];
  /** The customer's message was a voice note (its transcript is `text`). */
  voiceNote: boolean;
  /** Media the bot could not read as text ('image', 'location', …). */
  media: string | null;
}

export interface InboxAssignee {
  subject: string;
  name: string;
}

/** The inbox side of a thread, for the operator asking. */
export interface InboxState {
  assignee: InboxAssignee | null;
  assignedAt: number | null;
  resolvedAt: number | null;
  resolvedBy: string | null;
  /** Since when the thread has needed a person (null when it does not). */
  waitingSince: number | null;
  /** Customer messages since this operator last read the thread. */
  unread: number;
}

/** The last line of a thread, for its row in the list (phone numbers in it masked). */
export interface LastMessage {
  author: ChatAuthor;
  text: string;
  at: number;
}

/** What issue 16 adds to every row of `GET /api/tenants/:tenant/threads`. */
export interface ThreadInboxFields {
  customerName: string | null;
  lastMessage: LastMessage | null;
  inbox: InboxState;
}

/** WhatsApp's customer-service window: free-form messages only within 24 h of the last inbound. */
export interface ReplyWindow {
  channel: string;
  open: boolean;
  closesAt: number | null;
}

/** `GET /api/tenants/:tenant/threads/:thread/conversation` */
export interface ConversationView {
  threadKey: string;
  customer: {
    name: string | null;
    /** Masked unless revealed. */
    phone: string | null;
    channel: string | null;
    language: string | null;
  };
  window: ReplyWindow | null;
  messages: ChatMessage[];
  /** Older turns exist before the first message (page with `?before=<seq>`). */
  olderBefore: number | null;
  inbox: InboxState;
  revealed: boolean;
}

/** `POST …/assign` body: `me`, another known operator of the tenant, or null to release. */
export interface AssignRequest {
  to: 'me' | null | { subject: string };
}

/** `POST …/read` body: the newest seq the operator has seen. */
export interface ReadRequest {
  seq: number;
}

/** A whole day the business is closed (`GET …/bookings` answers them with the appointments). */
export interface CalendarHoliday {
  /** YYYY-MM-DD in the tenant's calendar. */
  day: string;
  name: string | null;
}

/** Time off: one staff member's, or the whole business's when `staffId` is null. */
export interface CalendarBlock {
  staffId: string | null;
  start: number;
  end: number;
  reason: string | null;
}

/** A row of `GET /api/tenants/:tenant/threads` as stored (the phone always masked). */
export interface ThreadRow {
  threadKey: string;
  kind: 'customer' | 'admin';
  customer: string | null;
  channel: string | null;
  machine: string | null;
  state: unknown;
  seq: number;
  lastEventType: string | null;
  lastEventAt: number | null;
  lastActivityAt: number;
  needsHuman: boolean;
  shard: number;
  owner: string | null;
}

/** An entry of `GET /api/tenants/:tenant/threads/:thread/journal` (newest first): one turn. */
export interface JournalEntry {
  seq: number;
  eventType: string;
  event: Record<string, unknown>;
  stateBefore: unknown;
  stateAfter: unknown;
  effects: { type: string; [k: string]: unknown }[];
  outcome: string;
  error: string | null;
  /** The channel the event came in on, when it names one. */
  channel: string | null;
  /** When the turn was journaled, epoch ms. */
  at: number;
}

/** A row of the live list: the thread and its inbox side. */
export interface ThreadSummary extends ThreadRow, ThreadInboxFields {}

/** An appointment on the console's calendar (`GET /api/tenants/:tenant/bookings`). */
export interface CalendarAppointment {
  id: number;
  staffId: string;
  staffName: string;
  serviceId: string;
  serviceName: string;
  start: number;
  end: number;
  status: string;
  channel: string;
  priceKesMinor: number;
  customer: string | null;
  threadKey: string | null;
  /** Present when the booking takes (or took) a payment: paid / deposit / due / refunded. */
  payment?: AppointmentPayment;
}

/** What a catalog import answers (200 applied or previewed, 422 with its problems). */
export interface CatalogImportResult {
  tenant: string;
  /** True when the plan was written (never with problems, never on a dry run). */
  applied: boolean;
  dryRun: boolean;
  problems: { line: number; column?: string; message: string }[];
  counts: { create: number; update: number; unchanged: number };
  services: {
    line: number;
    id: string;
    name: string;
    action: 'create' | 'update' | 'unchanged';
    changes: string[];
    priceKesMinor: number;
    durationMin: number;
  }[];
}

/**
 * One row of a staged catalog draft (a price-list photo read by a model): the text as read or as
 * the owner edited it; checked by the same rules as a CSV row when the draft is shown or applied.
 */
export interface CatalogDraftRow {
  name: string;
  nameSw: string | null;
  category: string | null;
  /** As printed: "1,500", "KES 800", "800/=". */
  price: string;
  /** As printed ("45 min", "1h"); null when the list does not say. */
  duration: string | null;
}

/** A staged draft as the console shows it: rows, their problems by row, and what applying does. */
export interface CatalogDraftView {
  id: string;
  status: 'draft' | 'applied' | 'discarded';
  source: 'console' | 'whatsapp';
  createdAt: string;
  /** Where the photo is kept in the asset store. */
  photoKey: string;
  /** Which provider and model read it. */
  readBy: string;
  rows: CatalogDraftRow[];
  /** `line` is the 1-based row of the draft. Applying is refused while there are any. */
  problems: { line: number; column?: string; message: string }[];
  counts: CatalogImportResult['counts'];
  services: CatalogImportResult['services'];
}

/** A refund as the console's refund-tasks page lists it (`GET /api/tenants/:tenant/refunds`). */
export interface RefundTaskView {
  /** "R12": how the owner's WhatsApp notice and "refund R12 done" name it. */
  ref: string;
  id: number;
  amountMinor: number;
  currency: string;
  method: 'reversal' | 'b2c' | 'pesapal' | 'manual';
  status: 'requested' | 'submitted' | 'done' | 'failed' | 'manual';
  /** True for a manual task the operator can mark done. */
  open: boolean;
  /** The customer's name, else their masked phone. */
  customer: string | null;
  appointmentId: number;
  serviceName: string;
  /** The booking's start, epoch ms. */
  start: number;
  /** Epoch ms. */
  createdAt: number;
  doneAt: number | null;
  doneBy: string | null;
  /** Why it became a task (no initiator credentials, B2C answer lost, ...). */
  reason: string | null;
  receipt: string | null;
}
