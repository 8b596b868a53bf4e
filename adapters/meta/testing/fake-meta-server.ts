/**
 * A local fake of the Messenger / Instagram Send API: records every request, answers
 * `POST /{version}/me/messages` like the real one (fresh mids), refuses bodies over the limits
 * (Graph code 100), checks the Bearer token (190) and can be scripted to fail. It also plays the
 * attachment CDN: `addAttachment` gives the `payload.url` a webhook carries, downloadable without
 * a token (expired links answer 404 like the CDN's).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  startRecordingServer,
  stripNotes,
  type RecordedRequest,
  type Reply,
} from '../../whatsapp/testing/recording-server';
import { metaSendBodyViolations } from './send-body-violations';

export type MetaScriptedFailure =
  | 'outside_window'
  | 'rate_limited'
  | 'unavailable'
  | 'server_error'
  | 'hang'
  | { status: number; json?: unknown; headers?: Record<string, string> };

export interface FakeMetaServerOptions {
  channel?: 'messenger' | 'instagram';
  /** When set, requests without `Authorization: Bearer <accessToken>` get 401 / 190. */
  accessToken?: string;
}

export interface FakeMetaServer {
  readonly url: string;
  readonly requests: readonly RecordedRequest[];
  /** The message sends (not sender actions). */
  sends(): RecordedRequest[];
  /** The sender actions (`mark_seen`, `typing_on`, ...). */
  senderActions(): RecordedRequest[];
  /** Serves `bytes` at a CDN-like URL (the attachment's `payload.url`); returns that URL. */
  addAttachment(bytes: Buffer, mimeType: string): string;
  /** The next `count` attachment downloads answer 404, as an expired CDN link does. */
  expireNextDownloads(count: number): void;
  failNextSends(count: number, failure: MetaScriptedFailure): void;
  close(): Promise<void>;
}

const FIXTURES = {
  outside_window: 'messenger-error-outside-window.json',
  rate_limited: 'messenger-error-rate-limit.json',
  unavailable: 'messenger-error-unavailable.json',
} as const;

export async function startFakeMetaServer(
  options: FakeMetaServerOptions = {},
): Promise<FakeMetaServer> {
  const channel = options.channel ?? 'messenger';
  const script: MetaScriptedFailure[] = [];
  const attachments = new Map<string, { bytes: Buffer; mimeType: string }>();
  let expired = 0;
  let counter = 0;

  const handler = (req: RecordedRequest): Reply => {
    const cdn = /^\/cdn\/([A-Za-z0-9_-]+)$/.exec(req.path);
    if (req.method === 'GET' && cdn) {
      const item = attachments.get(cdn[1]!);
      if (item === undefined || expired > 0) {
        if (item !== undefined) expired--;
        return { status: 404, text: 'URL signature expired' };
      }
      return { status: 200, headers: { 'content-type': item.mimeType }, bytes: item.bytes };
    }
    if (
      options.accessToken !== undefined &&
      req.headers.authorization !== `Bearer ${options.accessToken}`
    ) {
      return graphError(401, 190, 'Error validating access token');
    }
    if (req.method !== 'POST' || !/^\/v\d+\.\d+\/me\/messages$/.test(req.path)) {
      return graphError(400, 100, `Unsupported request ${req.method} ${req.path}`);
    }
    const body = isRecord(req.json) ? req.json : {};
    const recipientId = isRecord(body.recipient) ? String(body.recipient.id) : '';
    if (body.sender_action !== undefined)
      return { status: 200, json: { recipient_id: recipientId } };
    const failure = script.shift();
    if (failure !== undefined) return scripted(failure);
    const problems = metaSendBodyViolations(channel, req.json);
    if (problems.length > 0)
      return graphError(400, 100, `Invalid parameter: ${problems.join('; ')}`);
    const mid = `m_FAKE${++counter}${randomBytes(8).toString('hex')}`;
    return { status: 200, json: { recipient_id: recipientId, message_id: mid } };
  };

  const server = await startRecordingServer(handler);
  return {
    url: server.url,
    requests: server.requests,
    sends: () =>
      server.requests.filter(
        (r) => r.method === 'POST' && isRecord(r.json) && r.json.sender_action === undefined,
      ),
    senderActions: () =>
      server.requests.filter((r) => isRecord(r.json) && r.json.sender_action !== undefined),
    addAttachment: (bytes, mimeType) => {
      const id = `a${++counter}${randomBytes(6).toString('hex')}`;
      attachments.set(id, { bytes, mimeType });
      return `${server.url}/cdn/${id}`;
    },
    expireNextDownloads: (count) => {
      expired += count;
    },
    failNextSends: (count, failure) => {
      for (let i = 0; i < count; i++) script.push(failure);
    },
    close: () => server.close(),
  };
}

function scripted(failure: MetaScriptedFailure): Reply {
  if (failure === 'hang') return 'hang';
  if (failure === 'server_error') return graphError(500, 2, 'An unexpected error has occurred.');
  if (typeof failure === 'object') return failure;
  const raw: unknown = JSON.parse(
    readFileSync(new URL(`../fixtures/${FIXTURES[failure]}`, import.meta.url), 'utf8'),
  );
  const status = isRecord(raw) && typeof raw._http_status === 'number' ? raw._http_status : 400;
  return { status, json: stripNotes(raw) };
}

function graphError(status: number, code: number, message: string): Reply {
  return {
    status,
    json: {
      error: {
        message: `(#${code}) ${message}`,
        type: 'OAuthException',
        code,
        fbtrace_id: `AFakeMeta${code}`,
      },
    },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
