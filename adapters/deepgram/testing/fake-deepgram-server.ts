/**
 * A local fake of Deepgram's prerecorded API: `POST /v1/listen` with the audio as the body, like
 * the real one. It records every request, checks `Authorization: Token <key>` (401 otherwise),
 * answers audio it was taught (`addAudio`) with a transcript in the real response format, answers
 * any other bytes 400 "corrupt or unsupported data" as Deepgram does, and can be scripted to fail
 * (429, 5xx, a hang for the client's deadline).
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  startRecordingServer,
  stripNotes,
  type RecordedRequest,
  type Reply,
} from '../../whatsapp/testing/recording-server';

export type DeepgramScriptedFailure =
  | 'unauthorized'
  | 'rate_limited'
  | 'server_error'
  | 'hang'
  | { status: number; json?: unknown; headers?: Record<string, string> };

export interface FakeDeepgramServerOptions {
  /** The key every request must carry as `Authorization: Token <apiKey>`. */
  apiKey: string;
}

export interface FakeDeepgramServer {
  readonly url: string;
  readonly requests: readonly RecordedRequest[];
  /** The `POST /v1/listen` requests. */
  listens(): RecordedRequest[];
  /** Audio the fake "recognises": those exact bytes are heard as `transcript`. */
  addAudio(audio: Buffer, transcript: string, detectedLanguage?: string): void;
  failNext(count: number, failure: DeepgramScriptedFailure): void;
  close(): Promise<void>;
}

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export async function startFakeDeepgramServer(
  options: FakeDeepgramServerOptions,
): Promise<FakeDeepgramServer> {
  const known = new Map<string, { transcript: string; language: string }>();
  const script: DeepgramScriptedFailure[] = [];

  const handler = (req: RecordedRequest): Reply => {
    if (req.method !== 'POST' || req.path !== '/v1/listen') {
      return errorReply(404, 'NOT_FOUND', `no route ${req.method} ${req.path}`);
    }
    if (req.headers.authorization !== `Token ${options.apiKey}`)
      return fromFixture('error-401.json');
    const failure = script.shift();
    if (failure !== undefined) return scripted(failure);
    if (req.rawBody.length === 0) {
      return errorReply(400, 'Bad Request', 'Bad Request: the request body was empty');
    }
    const heard = known.get(sha256(req.rawBody));
    if (heard === undefined) return fromFixture('error-400-corrupt.json');
    return { status: 200, json: listenAnswer(req, heard.transcript, heard.language) };
  };

  const server = await startRecordingServer(handler);
  return {
    url: server.url,
    requests: server.requests,
    listens: () => server.requests.filter((r) => r.path === '/v1/listen'),
    addAudio: (audio, transcript, detectedLanguage = 'en') => {
      known.set(sha256(audio), { transcript, language: detectedLanguage });
    },
    failNext: (count, failure) => {
      for (let i = 0; i < count; i++) script.push(failure);
    },
    close: () => server.close(),
  };
}

/** The fixture answer with this request's transcript, model, language and a fresh request id. */
function listenAnswer(req: RecordedRequest, transcript: string, language: string): unknown {
  const answer = stripNotes(fixture('prerecorded-response.json')) as {
    metadata: Record<string, unknown>;
    results: { channels: Record<string, unknown>[] };
  };
  answer.metadata.request_id = randomUUID();
  answer.metadata.sha256 = sha256(req.rawBody);
  answer.metadata.created = new Date().toISOString();
  const channel = answer.results.channels[0]!;
  const alternative = (channel.alternatives as Record<string, unknown>[])[0]!;
  alternative.transcript = transcript;
  alternative.words = transcript
    .split(/\s+/)
    .filter(Boolean)
    .map((w, i) => ({
      word: w.toLowerCase().replace(/[^\p{L}\p{N}']/gu, ''),
      punctuated_word: w,
      start: i * 0.3,
      end: i * 0.3 + 0.28,
      confidence: 0.98,
    }));
  if (req.query.detect_language === 'true') {
    channel.detected_language = language;
  } else {
    delete channel.detected_language;
    delete channel.language_confidence;
  }
  return answer;
}

function scripted(failure: DeepgramScriptedFailure): Reply {
  if (failure === 'hang') return 'hang';
  if (failure === 'unauthorized') return fromFixture('error-401.json');
  if (failure === 'rate_limited') return fromFixture('error-429.json');
  if (failure === 'server_error') return errorReply(503, 'SERVICE_UNAVAILABLE', 'try again');
  return failure;
}

function fromFixture(name: string): Reply {
  const raw = fixture(name);
  const status = typeof raw._http_status === 'number' ? raw._http_status : 400;
  return { status, json: { ...(stripNotes(raw) as object), request_id: randomUUID() } };
}

function errorReply(status: number, code: string, message: string): Reply {
  return { status, json: { err_code: code, err_msg: message, request_id: randomUUID() } };
}
