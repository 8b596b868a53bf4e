import type { JournalEntry } from './api';

/** One bubble of the owner's admin conversation, from the admin thread's journal. */
export interface OwnerLine {
  seq: number;
  from: 'owner' | 'bot';
  text: string;
  /** Taps the actor offered (buttons or list rows); their ids go back as `replyId`. */
  choices: { id: string; title: string }[];
  at: number;
}

type Reply = {
  kind?: string;
  text?: string;
  buttons?: { id: string; title: string }[];
  sections?: { title: string; rows: { id: string; title: string }[] }[];
};

/**
 * The bubbles of journal entries (any order), oldest first: what the owner wrote (from WhatsApp
 * or from here) and every reply the thread sent, escalations and the digest included.
 */
export function linesOf(entries: readonly JournalEntry[]): OwnerLine[] {
  const out: OwnerLine[] = [];
  for (const e of [...entries].sort((a, b) => a.seq - b.seq)) {
    const text = e.event.text;
    if (e.eventType === 'message' && typeof text === 'string' && text.trim())
      out.push({ seq: e.seq, from: 'owner', text, choices: [], at: e.at });
    for (const f of e.effects) {
      const m = f.message as Reply | undefined;
      if (f.type !== 'reply' || !m || typeof m.text !== 'string') continue;
      const choices =
        m.buttons ?? m.sections?.flatMap((s) => s.rows.map((r) => ({ id: r.id, title: r.title })));
      out.push({ seq: e.seq, from: 'bot', text: m.text, choices: choices ?? [], at: e.at });
    }
  }
  return out;
}
