import type {
  AdminAppointment,
  AdminCallKind,
  AdminCommand,
  AdminUnderstanding,
} from '../../contract';
import type { Effect, EventBase, InboundMessageEvent } from '../../contract';

export type Lang = 'en' | 'sw';

/** A customer waiting for a person, addressed by a short code (E1, E2, ...). */
export interface Escalation {
  code: string;
  threadKey: string;
  /** Name and phone once known (`admin.customer`), the thread key until then. */
  label: string;
  language: Lang;
  /** What they asked, and what they said since. */
  text: string;
  summary: string | null;
  at: number;
  reminded: boolean;
  /** The owner replied: later messages of the customer are follow-ups, not a new escalation. */
  answered?: boolean;
}

/** The change or query in progress. */
export interface Pending {
  command: AdminCommand;
  /** Which call the thread waits for, if any. */
  waiting: AdminCallKind | null;
  affected: AdminAppointment[];
  before: string | null;
}

export interface AdminContext {
  tenant: string;
  threadKey: string;
  timezone: string;
  lang: Lang;
  pending: Pending | null;
  escalations: Escalation[];
  nextCode: number;
  /** The customer conversation the owner took over from here. */
  talkingTo: { threadKey: string; label: string; language: Lang } | null;
  /** "Reply E1" was tapped: the next message goes to that customer. */
  replyTo: string | null;
}

export type AdminMessageEvent = InboundMessageEvent & { admin?: AdminUnderstanding };

export type AdminThreadEvent =
  | AdminMessageEvent
  | (EventBase & { type: 'call.result'; kind: string; result: unknown })
  | (EventBase & { type: 'effect.failed'; kind: string; error: string })
  | (EventBase & { type: 'relay'; text: string; fromThread: string; reason?: string })
  | (EventBase & { type: 'escalation.remind'; code: string })
  | (EventBase & { type: 'digest.due' })
  | (EventBase & { type: 'reaper.due' });

export type Mode = 'ready' | 'working' | 'confirming' | 'replying';

/** What a reducer decides: the next state, the context changes and the effects. */
export interface Step {
  next: Mode;
  patch: Partial<AdminContext>;
  effects: Effect[];
}

/** How long an escalation waits before the owner is reminded (once) and the customer told. */
export const ESCALATION_REMIND_MS = 30 * 60_000;
