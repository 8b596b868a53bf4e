/**
 * A local fake of the WhatsApp Cloud API (Graph) for tests: records every request, answers sends
 * like the real API (fixture shapes, fresh wamids), refuses bodies over the documented limits
 * (131009), checks the Bearer token (190), can be scripted to fail, and serves media.
 */
import { createHash, randomBytes } from 'node:crypto';
import { graphError, isRecord, startGraphFake } from './graph-fake';
import type { GraphFailure, GraphFake } from './graph-fake';
import type { RecordedRequest, Reply } from './recording-server';
import { whatsAppSendBodyViolations } from './send-body-violations';

/** The send failures with a real-format error fixture. */
type Named = 'outside_window' | 'rate_limited' | 'undeliverable';
export type ScriptedFailure = GraphFailure<Named>;

export interface FakeGraphServerOptions {
  /** When set, requests without `Authorization: Bearer <accessToken>` get 401 / 190. */
  accessToken?: string;
  /**
   * Called for each accepted send (not mark-as-read) as it is answered: its recipient, the wamid
   * given and the send's `biz_opaque_callback_data` (what Meta echoes in the message's status
   * webhooks; see test-support/status-echo.ts).
   */
  onSend?: (to: string, sent: { id: string; callbackData?: string }) => void;
}

export interface FakeMedia {
  id?: string;
  bytes: Buffer;
  mimeType: string;
}

export interface FakeGraphServer extends GraphFake<Named> {
  /** The POST .../messages requests that were sends (not mark-as-read). */
  sends(): RecordedRequest[];
  /** Serves media by id: GET /{version}/{id} gives a URL, GET on the URL gives the bytes. */
  addMedia(media: FakeMedia): string;
  /** The next `count` downloads answer 404, as an expired media URL does (5 minutes at Meta). */
  failNextDownloads(count: number): void;
  /** The next `count` accepted sends are answered `ms` after they came in (a slow Graph API). */
  slowNextSends(count: number, ms: number): void;
}

const fixture = (name: string) => new URL(`../fixtures/${name}`, import.meta.url);

const SPEC = {
  authError: {
    status: 401,
    json: {
      error: {
        message: 'Error validating access token: Session has expired.',
        type: 'OAuthException',
        code: 190,
        fbtrace_id: 'AFakeTraceIdAuth',
      },
    },
  },
  fixtures: {
    outside_window: fixture('error-131047.json'),
    rate_limited: fixture('error-130429.json'),
    undeliverable: fixture('error-131026.json'),
  },
  serverError: cloudError(500, 131000, 'Something went wrong', 'Something went wrong'),
} as const;

export async function startFakeGraphServer(
  options: FakeGraphServerOptions = {},
): Promise<FakeGraphServer> {
  const media = new Map<string, FakeMedia & { id: string }>();
  const liveTokens = new Set<string>();
  let failingDownloads = 0;
  let counter = 0;
  const slow: number[] = [];

  const handler = (req: RecordedRequest, baseUrl: string, failure: () => Reply | undefined) => {
    const parts = req.path.split('/').filter(Boolean);
    if (req.method === 'GET' && parts[0] === 'media-download') {
      return download(parts[1], req.query.token);
    }
    if (req.method === 'GET' && parts.length === 2 && /^v\d+\.\d+$/.test(parts[0] ?? '')) {
      return mediaLookup(parts[1] ?? '', baseUrl);
    }
    if (req.method === 'POST' && parts.length === 3 && parts[2] === 'messages') {
      return messages(req, failure);
    }
    return cloudError(400, 100, 'Unsupported request', `no route for ${req.method} ${req.path}`);
  };

  function messages(req: RecordedRequest, failure: () => Reply | undefined): Reply {
    const body = req.json;
    if (isRecord(body) && body.status === 'read') return { status: 200, json: { success: true } };
    const failed = failure();
    if (failed !== undefined) return failed;
    const problems = whatsAppSendBodyViolations(body);
    if (problems.length > 0 || !isRecord(body)) {
      return cloudError(400, 131009, 'Parameter value is not valid', problems.join('; '));
    }
    const to = String(body.to);
    const id = `wamid.${Buffer.from(`FAKE${++counter}${randomBytes(6).toString('hex')}`).toString('base64')}`;
    const callback = body.biz_opaque_callback_data;
    options.onSend?.(to, {
      id,
      ...(typeof callback === 'string' ? { callbackData: callback } : {}),
    });
    const message = body.type === 'template' ? { id, message_status: 'accepted' } : { id };
    const delayMs = slow.shift();
    return {
      status: 200,
      ...(delayMs !== undefined ? { delayMs } : {}),
      json: {
        messaging_product: 'whatsapp',
        contacts: [{ input: to, wa_id: to.replace(/\D/g, '') }],
        messages: [message],
      },
    };
  }

  function mediaLookup(id: string, baseUrl: string): Reply {
    const item = media.get(id);
    if (item === undefined) return cloudError(400, 100, 'Invalid parameter', `unknown media ${id}`);
    const token = randomBytes(8).toString('hex');
    liveTokens.add(token);
    return {
      status: 200,
      json: {
        messaging_product: 'whatsapp',
        url: `${baseUrl}/media-download/${encodeURIComponent(id)}?token=${token}`,
        mime_type: item.mimeType,
        sha256: createHash('sha256').update(item.bytes).digest('hex'),
        file_size: String(item.bytes.length),
        id,
      },
    };
  }

  function download(id: string | undefined, token: string | undefined): Reply {
    const item = id === undefined ? undefined : media.get(decodeURIComponent(id));
    if (item === undefined || token === undefined || !liveTokens.has(token)) {
      return { status: 404, text: 'Not Found' };
    }
    if (failingDownloads > 0) {
      failingDownloads--;
      liveTokens.delete(token);
      return { status: 404, text: 'Not Found' };
    }
    return { status: 200, headers: { 'content-type': item.mimeType }, bytes: item.bytes };
  }

  const fake = await startGraphFake({ ...SPEC, accessToken: options.accessToken }, handler);
  return {
    ...fake,
    sends: () =>
      fake.requests.filter(
        (r) =>
          r.method === 'POST' &&
          r.path.endsWith('/messages') &&
          isRecord(r.json) &&
          r.json.status !== 'read',
      ),
    addMedia: (item) => {
      const id = item.id ?? String(1398765432100000 + media.size);
      media.set(id, { ...item, id });
      return id;
    },
    failNextDownloads: (count) => {
      failingDownloads += count;
    },
    slowNextSends: (count, ms) => {
      slow.push(...Array.from({ length: count }, () => ms));
    },
  };
}

/** A Cloud API error: the Graph envelope with the WhatsApp `error_data`. */
function cloudError(status: number, code: number, title: string, details: string): Reply {
  return graphError(status, code, title, {
    error_data: { messaging_product: 'whatsapp', details },
  });
}
