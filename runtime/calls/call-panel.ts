import { randomUUID } from 'node:crypto';
import type { Language } from '../../contract';
import { publicError } from '../../contract';
import {
  callGrammar,
  concatFrames,
  encodeWav,
  ESPEAK_SAMPLE_RATE,
  EspeakTts,
  IngressTurnBridge,
  loadLocalCall,
  recognize,
  type CallIngress,
  type LocalCall,
  type TranscriptEntry,
} from '../../voice';
import type { Logger } from '../logger';
import { utteranceReader } from './utterance-reader';

/** What the panel knows of a tenant (the console's lookups give it). */
export interface PanelTenant {
  slug: string;
  timezone: string;
  /** Service and staff names: the offline recogniser's grammar. */
  vocabulary: { services: string[]; staff: string[] };
}

export interface CallPanelOptions {
  /** Calls open at once (each holds a call session and its audio). */
  maxCalls: number;
  /** A call nobody spoke on for this long is hung up. */
  idleMs: number;
  /** Recorded audio accepted per turn (bytes, before base64). */
  maxAudioBytes: number;
  recognizeTimeoutMs: number;
}

export const DEFAULT_CALL_PANEL_OPTIONS: CallPanelOptions = {
  maxCalls: 20,
  idleMs: 5 * 60_000,
  maxAudioBytes: 2 * 1024 * 1024,
  recognizeTimeoutMs: 30_000,
};

export interface CallPanelDeps {
  ingress: CallIngress;
  log: Logger;
}

/** One exchange of the panel: what was heard, what was said, and its audio. */
export interface PanelTurn {
  callId: string;
  /** The caller's words as recognised (audio turns), or as typed. */
  heard: string;
  /** Transcript entries of this exchange, in order. */
  transcript: TranscriptEntry[];
  /** Everything we said in this exchange, as a 16-bit mono WAV (base64); null when silent. */
  audio: string | null;
  ended: boolean;
}

interface PanelCall {
  id: string;
  tenant: PanelTenant;
  from: string;
  call: LocalCall;
  transcriptMark: number;
  audioMark: number;
  busy: boolean;
  idle: NodeJS.Timeout;
}

/**
 * The console's "call as a customer" panel: real calls through the whole pipeline, driven by
 * HTTP. Each call is an `AgentCall` (LiveKit Agents' `AgentSession`, with audio of our own: a
 * `LocalCall`) on the caller's thread (durable turns, channel `voice`, so the console shows it
 * live), with espeak-ng speaking our side; recorded audio is read by pocketsphinx (ffmpeg reads
 * what a browser records) and reaches the session as the caller's words, like typed ones. One
 * exchange at a time per call; calls left alone are hung up.
 */
export class CallPanel {
  private readonly o: CallPanelOptions;
  private readonly calls = new Map<string, PanelCall>();
  private readonly tts = new EspeakTts();
  /** LiveKit Agents and its native parts take seconds to load: from the start, not on a dial. */
  private readonly livekit = loadLocalCall();
  private closed = false;

  constructor(
    private readonly deps: CallPanelDeps,
    options: Partial<CallPanelOptions> = {},
  ) {
    this.o = { ...DEFAULT_CALL_PANEL_OPTIONS, ...options };
    this.livekit.catch((err: unknown) =>
      deps.log.error({ err }, 'call panel: LiveKit Agents could not be loaded'),
    );
  }

  get options(): Readonly<CallPanelOptions> {
    return this.o;
  }

  get open(): number {
    return this.calls.size;
  }

  /** Dials: the thread answers (a greeting, or "shall we go on?" with a chat's booking). */
  async start(tenant: PanelTenant, from: string, language: Language): Promise<PanelTurn> {
    if (this.closed) throw publicError('shutting_down', 'the server is shutting down');
    if (this.calls.size >= this.o.maxCalls)
      throw publicError('too_many_requests', `at most ${this.o.maxCalls} panel calls at once`);
    const id = `panel-${randomUUID()}`;
    const { LocalCall } = await this.livekit;
    const call = new LocalCall({
      call: { tenant: tenant.slug, from, callId: id },
      route: {
        tenant: tenant.slug,
        timezone: tenant.timezone,
        languages: language === 'sw' ? ['sw', 'en'] : ['en', 'sw'],
        voices: {},
        vocabulary: tenant.vocabulary,
      },
      bridge: new IngressTurnBridge(this.deps.ingress, {
        followUpChannel: () => Promise.resolve('whatsapp'),
      }),
      read: utteranceReader(tenant.timezone),
      tts: this.tts,
      ttsSampleRate: ESPEAK_SAMPLE_RATE,
      onError: (err, where) =>
        this.deps.log.warn({ err, where, call: id }, 'call panel: pipeline error'),
    });
    const c: PanelCall = {
      id,
      tenant,
      from,
      call,
      transcriptMark: 0,
      audioMark: 0,
      busy: true,
      idle: this.idleTimer(id),
    };
    this.calls.set(id, c);
    try {
      await call.start();
      return this.exchange(c, '');
    } finally {
      c.busy = false;
    }
  }

  /** One caller utterance: typed text, or recorded audio (any format ffmpeg reads). */
  async say(
    tenant: string,
    callId: string,
    input: { text: string } | { audio: Buffer },
  ): Promise<PanelTurn> {
    const c = this.callOf(tenant, callId);
    if (c.busy) throw publicError('conflict', 'the call is still answering the last words');
    c.busy = true;
    clearTimeout(c.idle);
    c.idle = this.idleTimer(c.id);
    try {
      const heard = 'text' in input ? input.text.trim() : await this.hear(c, input.audio);
      if (heard) await c.call.say(heard);
      return this.exchange(c, heard);
    } finally {
      c.busy = false;
    }
  }

  /** The caller hangs up: what the call booked is confirmed on WhatsApp. */
  async hangUp(tenant: string, callId: string): Promise<PanelTurn> {
    const c = this.callOf(tenant, callId);
    await this.end(c);
    return { ...this.exchange(c, ''), ended: true };
  }

  /** Hangs up every call (shutdown). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.calls.values()].map((c) => this.end(c)));
  }

  private async end(c: PanelCall): Promise<void> {
    clearTimeout(c.idle);
    this.calls.delete(c.id);
    await c.call.hangUp();
  }

  private idleTimer(id: string): NodeJS.Timeout {
    const t = setTimeout(() => {
      const c = this.calls.get(id);
      if (c) void this.end(c).catch(() => undefined);
    }, this.o.idleMs);
    t.unref();
    return t;
  }

  private callOf(tenant: string, callId: string): PanelCall {
    const c = this.calls.get(callId);
    // Another tenant's call is as unknown as one that never was.
    if (!c || c.tenant.slug !== tenant) throw publicError('not_found', 'no such call (it ended?)');
    return c;
  }

  private async hear(c: PanelCall, audio: Buffer): Promise<string> {
    if (audio.length === 0) throw publicError('bad_request', 'audio is empty');
    if (audio.length > this.o.maxAudioBytes)
      throw publicError('body_too_large', `audio larger than ${this.o.maxAudioBytes} bytes`);
    const grammar = callGrammar({
      ...c.tenant.vocabulary,
      choices: c.call.agent.currentChoices.map((x) => x.title),
    });
    try {
      return await recognize(audio, grammar, this.o.recognizeTimeoutMs);
    } catch (err) {
      this.deps.log.warn({ err, call: c.id }, 'call panel: audio not recognised');
      throw publicError('bad_request', 'the recording could not be read (send WAV, WebM or Ogg)');
    }
  }

  /** What happened since the last exchange: new transcript entries and our new audio. */
  private exchange(c: PanelCall, heard: string): PanelTurn {
    const transcript = c.call.transcript.slice(c.transcriptMark);
    c.transcriptMark = c.call.transcript.length;
    const frames = c.call.output.frames;
    const audio = concatFrames(frames.slice(c.audioMark));
    c.audioMark = frames.length;
    return {
      callId: c.id,
      heard,
      transcript,
      audio: audio ? encodeWav(audio).toString('base64') : null,
      ended: !this.calls.has(c.id),
    };
  }
}
