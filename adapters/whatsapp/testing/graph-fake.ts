/**
 * What the fakes of Meta's Graph API share — the WhatsApp Cloud API (fake-graph-server.ts) and the
 * Messenger / Instagram Send API (adapters/meta/testing/fake-meta-server.ts): the error envelope,
 * the Bearer check, the script of failing sends (a real-format error fixture, a 500, a hang or a
 * reply of the test's own) and the recording server under them.
 */
import { readFileSync } from 'node:fs';
import {
  startRecordingServer,
  stripNotes,
  type Handler,
  type RecordedRequest,
  type Reply,
} from './recording-server';

/** How a scripted send fails: a named error fixture, a 500, no answer, or this reply. */
export type GraphFailure<Named extends string> =
  | Named
  | 'server_error'
  /** Accept the connection and never answer. */
  | 'hang'
  | { status: number; json?: unknown; headers?: Record<string, string> };

export interface GraphFakeSpec<Named extends string> {
  /** When set, requests without `Authorization: Bearer <accessToken>` get `authError`. */
  accessToken: string | undefined;
  authError: Reply;
  /** Requests answered before the token check (a CDN download needs no token). */
  open?: (req: RecordedRequest) => Reply | undefined;
  /** Each named failure's error fixture (`_http_status` and the body without notes). */
  fixtures: Readonly<Record<Named, URL>>;
  serverError: Reply;
}

/** The surface both fakes have: where they listen, what they got, the send script. */
export interface GraphFake<Named extends string> {
  /** Base URL to pass as `graphUrl`. */
  readonly url: string;
  /** Every request received, in order. */
  readonly requests: readonly RecordedRequest[];
  /** The next `count` sends answer with `failure` instead of succeeding. */
  failNextSends(count: number, failure: GraphFailure<Named>): void;
  close(): Promise<void>;
}

/**
 * Starts a Graph fake: `handle` answers the requests that pass the token check; it takes the
 * reply of the next scripted failure (undefined: none) for a send to return instead of succeeding.
 */
export async function startGraphFake<Named extends string>(
  spec: GraphFakeSpec<Named>,
  handle: (req: RecordedRequest, baseUrl: string, nextFailure: () => Reply | undefined) => Reply,
): Promise<GraphFake<Named>> {
  const script: GraphFailure<Named>[] = [];
  const nextFailure = (): Reply | undefined => {
    const failure = script.shift();
    return failure === undefined ? undefined : scripted(spec, failure);
  };
  const handler: Handler = (req, baseUrl) => {
    const open = spec.open?.(req);
    if (open !== undefined) return open;
    const token = spec.accessToken;
    if (token !== undefined && req.headers.authorization !== `Bearer ${token}`) {
      return spec.authError;
    }
    return handle(req, baseUrl, nextFailure);
  };
  const server = await startRecordingServer(handler);
  const failNextSends = (count: number, failure: GraphFailure<Named>) => {
    script.push(...Array.from({ length: count }, () => failure));
  };
  return { ...server, failNextSends };
}

function scripted<Named extends string>(
  spec: GraphFakeSpec<Named>,
  failure: GraphFailure<Named>,
): Reply {
  if (failure === 'hang') return 'hang';
  if (failure === 'server_error') return spec.serverError;
  if (typeof failure === 'object') return failure;
  const raw: unknown = JSON.parse(readFileSync(spec.fixtures[failure], 'utf8'));
  const status = isRecord(raw) && typeof raw._http_status === 'number' ? raw._http_status : 400;
  return { status, json: stripNotes(raw) };
}

/** A Graph API error: `(#code) message`, an OAuthException, with `extra` fields and a trace id. */
export function graphError(
  status: number,
  code: number,
  message: string,
  extra: Record<string, unknown> = {},
): Reply {
  return {
    status,
    json: {
      error: {
        message: `(#${code}) ${message}`,
        type: 'OAuthException',
        code,
        ...extra,
        fbtrace_id: `AFakeTrace${code}`,
      },
    },
  };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
