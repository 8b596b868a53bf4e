/**
 * What both fake model servers share: the script of answers and failures, the call a test sees,
 * and deterministic token counts with a simulated prompt cache.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripNotes } from '../../whatsapp/testing/recording-server';

export type FakeFailure =
  /** 429 with `retry-after` (seconds, rounded up) and `retry-after-ms`. */
  | { kind: 'rate_limited'; retryAfterMs?: number }
  /** 500 */
  | { kind: 'server_error' }
  /** 529 (Anthropic) / 503 (OpenAI) */
  | { kind: 'overloaded' }
  /** No answer until the server closes: the client's deadline expires. */
  | { kind: 'hang' }
  /** A 200 whose tool arguments are not JSON (Anthropic: broken JSON as text, no tool_use). */
  | { kind: 'invalid_json' }
  /** A 200 with plain text and no tool call. */
  | { kind: 'no_tool_call' }
  /** 401 */
  | { kind: 'unauthorized' };

export type FakeStep = FakeFailure | { kind: 'answer'; input: unknown };

/** A model call as the fake understood it. */
export interface FakeModelCall {
  model: string;
  /** The system prompt's text blocks, in order (OpenAI: one block). */
  system: { text: string; cacheControl: boolean }[];
  user: string;
  toolName: string;
  body: Record<string, unknown>;
}

export type Answerer = (call: FakeModelCall) => unknown;

export interface FakeModelServer {
  /** Base URL to give the SDK (OpenAI's includes `/v1`). */
  readonly url: string;
  /** Every model call received, failed or not. */
  readonly calls: readonly FakeModelCall[];
  /** How the fake answers when nothing is scripted (the tool input). */
  answerWith(answerer: Answerer): void;
  /** The next calls, in order; then back to `answerWith` (or `failAll`). */
  script(...steps: FakeStep[]): void;
  /** Every unscripted call fails this way (null: answer again). */
  failAll(failure: FakeFailure | null): void;
  close(): Promise<void>;
}

export class FakeScript {
  private readonly queue: FakeStep[] = [];
  private always: FakeFailure | null = null;
  private answerer: Answerer = () => ({});
  private readonly seenPrefixes = new Set<string>();

  answerWith(answerer: Answerer): void {
    this.answerer = answerer;
  }
  script(steps: FakeStep[]): void {
    this.queue.push(...steps);
  }
  failAll(failure: FakeFailure | null): void {
    this.always = failure;
  }

  next(call: FakeModelCall): FakeStep {
    const step = this.queue.shift() ?? this.always;
    return step ?? { kind: 'answer', input: this.answerer(call) };
  }

  /** Tokens of a cacheable prompt prefix that were cached already (and now are). */
  cached(prefix: string): boolean {
    const key = createHash('sha256').update(prefix).digest('hex');
    const seen = this.seenPrefixes.has(key);
    this.seenPrefixes.add(key);
    return seen;
  }
}

/** About four characters per token, like the real tokenizers on English text. */
export const tokensOf = (s: string) => Math.ceil(s.length / 4);

export const fakeId = (prefix: string, bytes = 12) =>
  `${prefix}${randomBytes(bytes).toString('base64url')}`;

export function retryAfterHeaders(retryAfterMs = 1000): Record<string, string> {
  return {
    'retry-after': String(Math.ceil(retryAfterMs / 1000)),
    'retry-after-ms': String(retryAfterMs),
  };
}

const FIXTURES = join(import.meta.dirname, '../fixtures');

/** A fixture file without its `_note`, as the provider sends it. */
export function fixture<T = Record<string, unknown>>(name: string): T {
  return stripNotes(JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'))) as T;
}
