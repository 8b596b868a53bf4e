/**
 * What both fake model servers share: the script of answers and failures, the call a test sees,
 * and deterministic token counts with a simulated prompt cache.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  startRecordingServer,
  stripNotes,
  type RecordedRequest,
  type Reply,
} from '../../whatsapp/testing/recording-server';

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** What both fakes take. */
export interface FakeModelServerOptions {
  apiKey?: string;
  /** The model reported in answers; the requested one when unset. */
  answerModel?: string;
}

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
  /** Images sent with the user text, decoded and checked against their claimed type. */
  images: { mediaType: string; bytes: Buffer }[];
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

/** The scripted failures that are an HTTP error. */
export type HttpFailureKind = 'rate_limited' | 'server_error' | 'overloaded' | 'unauthorized';
/** The failures both providers answer with the same status, each with its own fixture body. */
const COMMON_STATUS = { rate_limited: 429, server_error: 500 } as const;
type CommonFailureKind = keyof typeof COMMON_STATUS;

/** How a fake fails: with a real-format fixture body and a status, or a reply of its own. */
export type FailureReply = { status: number; fixture: string } | (() => Reply);

/** What makes one fake its provider: its endpoint, its checks and its answers. */
export interface FakeProviderSpec {
  path: string;
  /** Appended to the server's URL to make the SDK's base URL. */
  urlSuffix: string;
  defaultApiKey: string;
  notFound(req: RecordedRequest): Reply;
  /** The request as the API would refuse it, or the call it describes. */
  readCall(req: RecordedRequest, apiKey: string): Reply | FakeModelCall;
  /** The request id header(s) of a reply. */
  requestIdHeaders(): Record<string, string>;
  /** The fixture body of each common failure (429 rate limited, 500 server error). */
  failureFixtures: Record<CommonFailureKind, string>;
  /** The failures each provider answers its own way. */
  failures: Record<Exclude<HttpFailureKind, CommonFailureKind>, FailureReply>;
  /** A 200: the scripted answer, or broken JSON or plain text as scripted. */
  answer(
    call: FakeModelCall,
    step: FakeStep,
    script: FakeScript,
    options: FakeModelServerOptions,
  ): Reply;
}

/** Serves one provider's fake on port 0, recording calls and following the script. */
export async function startFakeModelServer(
  spec: FakeProviderSpec,
  options: FakeModelServerOptions = {},
): Promise<FakeModelServer> {
  const apiKey = options.apiKey ?? spec.defaultApiKey;
  const script = new FakeScript();
  const calls: FakeModelCall[] = [];
  const server = await startRecordingServer((req) => {
    if (req.method !== 'POST' || req.path !== spec.path) return spec.notFound(req);
    const call = spec.readCall(req, apiKey);
    if (call === 'hang' || !('toolName' in call)) return call;
    calls.push(call);
    const step = script.next(call);
    const failed = step.kind === 'answer' ? undefined : failureReply(spec, step);
    return failed ?? spec.answer(call, step, script, options);
  });
  return {
    url: `${server.url}${spec.urlSuffix}`,
    calls,
    answerWith: (a) => script.answerWith(a),
    script: (...steps) => script.script(steps),
    failAll: (f) => script.failAll(f),
    close: () => server.close(),
  };
}

/** The reply of a scripted failure; undefined for the failures that are a 200. */
function failureReply(spec: FakeProviderSpec, f: FakeFailure): Reply | undefined {
  if (f.kind === 'hang') return 'hang';
  if (f.kind === 'invalid_json' || f.kind === 'no_tool_call') return undefined;
  const how =
    f.kind === 'rate_limited' || f.kind === 'server_error'
      ? { status: COMMON_STATUS[f.kind], fixture: spec.failureFixtures[f.kind] }
      : spec.failures[f.kind];
  if (typeof how === 'function') return how();
  const headers = {
    ...spec.requestIdHeaders(),
    ...(f.kind === 'rate_limited' ? retryAfterHeaders(f.retryAfterMs) : {}),
  };
  return { status: how.status, headers, json: fixture(how.fixture) };
}
