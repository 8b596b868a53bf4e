/**
 * The contract between thread machines and the runtime. Machines are pure: they receive events
 * that carry the time (`at`, epoch milliseconds) and emit effect intents with XState's `emit()`;
 * the runtime persists those intents in the turn's transaction and carries them out.
 */
import type { AnyStateMachine } from 'xstate';

export type Language = 'en' | 'sw';
export type ChannelName = 'whatsapp' | 'instagram' | 'messenger' | 'voice' | 'sms' | 'simulator';

/** Channel-neutral reply. Ids are stable so a tap on an old button can still be understood. */
export type OutboundMessage =
  | { kind: 'text'; text: string }
  | { kind: 'buttons'; text: string; buttons: { id: string; title: string }[] }
  | {
      kind: 'list';
      text: string;
      button: string;
      sections: { title: string; rows: { id: string; title: string; description?: string }[] }[];
    };

/** Every event a thread receives carries these. */
export interface EventBase {
  type: string;
  /** When the event happened (ingress time, or a timer's due time), epoch ms. */
  at: number;
}

/** A message from the customer (or the owner, in an admin thread), any channel. */
export interface InboundMessageEvent extends EventBase {
  type: 'message';
  channel: ChannelName;
  text: string;
  /** Id of a tapped button or list row, when the message is a tap. */
  replyId?: string;
  /** True when the text is a voice-note transcript. */
  voiceNote?: boolean;
}

export type ThreadAddress = { threadKey: string } | { role: 'admins' };

export type Effect =
  | { type: 'reply'; message: OutboundMessage }
  | {
      type: 'timer.set';
      key: string;
      fireAt: number;
      event: { type: string } & Record<string, unknown>;
    }
  | { type: 'timer.cancel'; key: string }
  | { type: 'thread.send'; to: ThreadAddress; event: { type: string } & Record<string, unknown> }
  | { type: 'call'; kind: string; payload: Record<string, unknown> };

export type EffectType = Effect['type'];

/** What the runtime knows when it creates a new thread actor. */
export interface ThreadInput {
  tenant: string;
  threadKey: string;
  kind: 'customer' | 'admin';
  customerId: number | null;
  timezone: string;
  /** Free-form per-tenant settings (personality dials, policy, catalog summary). */
  settings: Record<string, unknown>;
}

/**
 * A machine the runtime can host. `version` is written with every snapshot; `migrations[n]`
 * turns a persisted snapshot of version n into version n + 1.
 */
export interface ThreadMachineDefinition {
  name: string;
  version: number;
  machine: AnyStateMachine;
  migrations: Readonly<Record<number, (persisted: unknown) => unknown>>;
}
