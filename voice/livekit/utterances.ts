/**
 * What each speech of an `AgentCall` said and what became of it (README "Voice": what was not
 * heard is recorded as not heard). One `Utterance` per speech the session creates: the greeting
 * (`say`) or a turn's reply (the filler that leads it, then the thread's sentences). When the
 * session records the speech (played, or cut off part-way) the heard part and the rest are
 * written; a speech that ends with none of its audio played (the caller spoke just as it
 * started, or hung up) and a reply that came after its speech ended are written whole as not
 * heard. Every "not heard" is also reported to the thread (`report`).
 */
import type { voice } from '@livekit/agents';
import type { TranscriptEntry } from '../call-types';
import { unheardRest } from './heard-output';

export interface Utterance {
  /** The caller's turn it answers (0: the greeting). */
  seq: number;
  source: 'say' | 'reply';
  /** Everything generated for it so far (the filler included). */
  text: string;
  /** The filler that leads it (its own transcript line). */
  filler: string;
  /** Its transcript lines are written. */
  settled: boolean;
  /** The session finished the speech (played, cut off or dropped). */
  done: boolean;
}

const fresh = (seq: number, source: Utterance['source']): Utterance => ({
  seq,
  source,
  text: '',
  filler: '',
  settled: false,
  done: false,
});

type AgentLine = Omit<Extract<TranscriptEntry, { who: 'agent' }>, 'at'>;

export class Utterances {
  /** Speech the session created and has not finished. */
  private readonly speeches = new Map<voice.SpeechHandle, Utterance>();
  /** Speech whose transcript lines are not written yet (finished or not). */
  private readonly open = new Map<voice.SpeechHandle, Utterance>();
  /**
   * While the session closes, speeches finished without a record wait here: the session may
   * finish a speech before its cut-off reply task records it (close cancels with a timeout).
   */
  private closing: Utterance[] | null = null;
  /** The reply speech created last, not yet bound to its turn (`bind`). */
  private unbound: Utterance | null = null;
  /** What the session's audio output last reported of a finished segment. */
  private lastPlayback: voice.PlaybackFinishedEvent | null = null;

  constructor(
    private readonly record: (line: AgentLine) => void,
    private readonly report: (seq: number, text: string) => void,
  ) {}

  /** The session created a speech (`SpeechCreated`). */
  created(h: voice.SpeechHandle, source: string, seq: number): Utterance {
    const u = fresh(seq, source === 'say' ? 'say' : 'reply');
    if (source === 'generate_reply') this.unbound = u;
    this.speeches.set(h, u);
    this.open.set(h, u);
    h.addDoneCallback(() => {
      this.speeches.delete(h);
      u.done = true;
      if (this.closing) this.closing.push(u);
      else this.unplayed(u);
    });
    return u;
  }

  /** The session is closing: what it finishes now is judged once it closed (`closed`). */
  close(): void {
    this.closing ??= [];
  }

  /** The session closed: its speeches that were never recorded were not played. */
  closed(): void {
    const waiting = this.closing ?? [];
    this.closing = null;
    for (const u of waiting) this.unplayed(u);
  }

  /** The speech `h` says `text` (the greeting). */
  says(h: voice.SpeechHandle, text: string): void {
    const u = this.speeches.get(h);
    if (u) u.text = text;
  }

  /** The reply speech of the turn whose LLM node just started (created just before it). */
  bind(seq: number): Utterance {
    const u = this.unbound ?? fresh(seq, 'reply');
    this.unbound = null;
    u.seq = seq;
    return u;
  }

  /** The audio output finished a segment (its heard text, when it was cut off). */
  playbackFinished(ev: voice.PlaybackFinishedEvent): void {
    this.lastPlayback = ev;
  }

  /** Resolves when nothing of ours is being said or waits to be. */
  async idle(): Promise<void> {
    while (this.speeches.size)
      await Promise.all(
        [...this.speeches.keys()].map((h) => new Promise((r) => h.addDoneCallback(r))),
      );
  }

  /** The session's record of what we said: heard, or cut off (the rest is "not heard"). */
  heard(item: voice.ConversationItemAddedEvent['item']): void {
    if (item.type !== 'message' || item.role !== 'assistant') return;
    const u = this.owner(item);
    const all = (item.textContent ?? '').trim();
    // A `say` speech's record is its whole text even when cut off: the heard part is what the
    // audio output reported at the cut (none if not one frame played).
    const said =
      u?.source === 'say' && item.interrupted
        ? item.metrics.startedSpeakingAt === undefined
          ? ''
          : (this.lastPlayback?.synchronizedTranscript ?? all).trim()
        : all;
    if (u) this.settle(u);
    const rest = item.interrupted ? unheardRest(u?.text.trim() || all, said) : '';
    const spoken = this.fillerLine(u, said, item.interrupted);
    if (spoken)
      this.record({ who: 'agent', text: spoken, heard: item.interrupted ? 'partly' : 'yes' });
    if (rest) this.notHeard(u?.seq ?? 0, rest);
  }

  /** Words generated for `u` after its speech ended (the thread answered late): not heard. */
  late(u: Utterance, text: string): void {
    if (text.trim()) this.notHeard(u.seq, text.trim());
  }

  private notHeard(seq: number, text: string): void {
    this.record({ who: 'agent', text, heard: 'no' });
    this.report(seq, text);
  }

  /** A finished speech the session kept no record of: none of it was played. */
  private unplayed(u: Utterance): void {
    if (u.settled) return;
    this.settle(u);
    if (!u.text.trim()) return;
    const rest = u.filler ? u.text.slice(u.filler.length).trim() : u.text.trim();
    if (u.filler) this.record({ who: 'agent', text: u.filler, heard: 'no', filler: true });
    if (rest) this.notHeard(u.seq, rest);
  }

  /** The speech whose record `item` is (a reply's carries it; else the `say` under way). */
  private owner(item: voice.ConversationItemAddedEvent['item']): Utterance | undefined {
    let say: Utterance | undefined;
    for (const [h, u] of this.open) {
      if (h.chatItems.includes(item)) return u;
      if (u.source === 'say') say ??= u;
    }
    return say;
  }

  private settle(u: Utterance): void {
    u.settled = true;
    for (const [h, v] of this.open) if (v === u) this.open.delete(h);
  }

  /** Records the filler that leads `said` as a line of its own; the rest of `said`. */
  private fillerLine(u: Utterance | undefined, said: string, interrupted: boolean): string {
    const filler = u?.filler ?? '';
    if (!filler || !said) return said;
    const whole = said.startsWith(filler);
    const heard = whole ? 'yes' : interrupted && filler.startsWith(said) ? 'partly' : null;
    if (!heard) return said;
    this.record({ who: 'agent', text: whole ? filler : said, heard, filler: true });
    return whole ? said.slice(filler.length).trim() : '';
  }
}
