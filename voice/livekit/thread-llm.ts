/**
 * The caller's thread actor as the LLM of a LiveKit Agents `AgentSession`: the session's
 * committed user turn (the final transcript) goes to `respond`, which delivers it to the
 * thread's mailbox and yields what we say back, sentence by sentence. There is no model: the
 * "completion" is the thread's replies, spoken by the session's TTS.
 */
import type { stt } from '@livekit/agents';
import {
  DEFAULT_API_CONNECT_OPTIONS,
  type FlushSentinel,
  llm,
  shortuuid,
  voice,
  type APIConnectOptions,
  type ToolContextLike,
} from '@livekit/agents';
import type { AudioFrame } from '@livekit/rtc-node';
import { ReadableStream, TransformStream } from 'node:stream/web';

/**
 * One user turn's words -> what we say (ends when the turn is answered). `FlushSentinel`: say
 * what came so far now (the filler), without waiting for the sentence tokenizer's next words.
 */
export type Respond = (userText: string) => AsyncIterable<string | FlushSentinel>;

/** The words of the turn the session committed (its last user message). */
function userTurn(chatCtx: llm.ChatContext): string | undefined {
  const last = chatCtx.items.findLast(
    (i): i is llm.ChatMessage => i.type === 'message' && i.role === 'user',
  );
  return last?.textContent?.trim() || undefined;
}

class ThreadLLMStream extends llm.LLMStream {
  constructor(
    owner: ThreadLLM,
    private readonly respond: Respond,
    params: { chatCtx: llm.ChatContext; toolCtx?: ToolContextLike; connOptions: APIConnectOptions },
  ) {
    super(owner, params);
  }

  protected async run(): Promise<void> {
    const text = userTurn(this.chatCtx);
    if (!text) return;
    const id = shortuuid('turn_');
    for await (const piece of this.respond(text)) {
      if (this.abortController.signal.aborted) return;
      if (typeof piece === 'string')
        this.queue.put({ id, delta: { role: 'assistant', content: `${piece} ` } });
    }
  }
}

/** The session's LLM: the thread, through `respond` (chat chunks cannot carry a flush). */
export class ThreadLLM extends llm.LLM {
  constructor(private readonly respond: Respond) {
    super();
  }

  label(): string {
    return 'ratiba-thread';
  }

  chat({
    chatCtx,
    toolCtx,
    connOptions = DEFAULT_API_CONNECT_OPTIONS,
  }: {
    chatCtx: llm.ChatContext;
    toolCtx?: ToolContextLike;
    connOptions?: APIConnectOptions;
  }): llm.LLMStream {
    return new ThreadLLMStream(this, this.respond, { chatCtx, toolCtx, connOptions });
  }
}

/**
 * The call's agent: its LLM node is the thread (`respond`) with the flushes passed on, so a
 * filler is spoken while the thread is still working instead of waiting for the reply; its STT
 * node is the session's, with every speech event shown to `onSpeech` on the way (the call's
 * timings and the caller's speaking rate).
 */
export class ThreadAgent extends voice.Agent {
  constructor(
    private readonly respond: Respond,
    private readonly onSpeech: (ev: stt.SpeechEvent) => void = () => {},
  ) {
    super({ instructions: 'The caller talks with their conversation thread.' });
  }

  override async sttNode(
    audio: ReadableStream<AudioFrame> | AsyncIterable<AudioFrame>,
    settings: voice.ModelSettings,
  ) {
    const events = await voice.Agent.default.sttNode(this, audio, settings);
    const onSpeech = this.onSpeech;
    return (
      events?.pipeThrough(
        new TransformStream<stt.SpeechEvent | string, stt.SpeechEvent | string>({
          transform(ev, c) {
            if (typeof ev !== 'string') onSpeech(ev);
            c.enqueue(ev);
          },
        }),
      ) ?? null
    );
  }

  override llmNode(chatCtx: llm.ChatContext) {
    this.forgetOldTurns();
    const text = userTurn(chatCtx);
    if (!text) return Promise.resolve(null);
    const pieces = this.respond(text)[Symbol.asyncIterator]();
    const stream = new ReadableStream<string | FlushSentinel>({
      async pull(c) {
        const next = await pieces.next();
        if (next.done) c.close();
        else c.enqueue(typeof next.value === 'string' ? `${next.value} ` : next.value);
      },
      async cancel() {
        await pieces.return?.();
      },
    });
    return Promise.resolve(stream);
  }

  /**
   * The thread keeps the conversation; the session's chat context only hands us the turn. Left
   * to grow, it cost every turn more: the session serializes all of it into a tracing attribute
   * before each LLM node (about 6 ms of CPU a turn, 200 turns into the benchmark's call).
   */
  private forgetOldTurns(): void {
    if (this.chatCtx.items.length <= KEPT_ITEMS * 2) return;
    // Without a realtime model the update is synchronous; a failure only leaves it longer.
    void this.updateChatCtx(this.chatCtx.copy().truncate(KEPT_ITEMS)).catch(() => undefined);
  }
}

/** Chat items the session keeps (the last turns, should the session look back at them). */
const KEPT_ITEMS = 4;
