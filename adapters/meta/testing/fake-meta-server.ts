/**
 * A local fake of the Messenger / Instagram Send API: records every request, answers
 * `POST /{version}/me/messages` like the real one (fresh mids), refuses bodies over the limits
 * (Graph code 100), checks the Bearer token (190) and can be scripted to fail. It also plays the
 * attachment CDN: `addAttachment` gives the `payload.url` a webhook carries, downloadable without
 * a token (expired links answer 404 like the CDN's).
 */
import { randomBytes } from 'node:crypto';
import { graphError, isRecord, startGraphFake } from '../../whatsapp/testing/graph-fake';
import type { GraphFailure, GraphFake } from '../../whatsapp/testing/graph-fake';
import type { RecordedRequest, Reply } from '../../whatsapp/testing/recording-server';
import { metaSendBodyViolations } from './send-body-violations';

/** The send failures with a real-format error fixture. */
type Named = 'outside_window' | 'rate_limited' | 'unavailable';
export type MetaScriptedFailure = GraphFailure<Named>;

export interface FakeMetaServerOptions {
  channel?: 'messenger' | 'instagram';
  /** When set, requests without `Authorization: Bearer <accessToken>` get 401 / 190. */
  accessToken?: string;
}

export interface FakeMetaServer extends GraphFake<Named> {
  /** The message sends (not sender actions). */
  sends(): RecordedRequest[];
  /** The sender actions (`mark_seen`, `typing_on`, ...). */
  senderActions(): RecordedRequest[];
  /** Serves `bytes` at a CDN-like URL (the attachment's `payload.url`); returns that URL. */
  addAttachment(bytes: Buffer, mimeType: string): string;
  /** The next `count` attachment downloads answer 404, as an expired CDN link does. */
  expireNextDownloads(count: number): void;
}

const fixture = (name: string) => new URL(`../fixtures/${name}`, import.meta.url);

const FIXTURES = {
  outside_window: fixture('messenger-error-outside-window.json'),
  rate_limited: fixture('messenger-error-rate-limit.json'),
  unavailable: fixture('messenger-error-unavailable.json'),
};

export async function startFakeMetaServer(
  options: FakeMetaServerOptions = {},
): Promise<FakeMetaServer> {
  const channel = options.channel ?? 'messenger';
  const attachments = new Map<string, { bytes: Buffer; mimeType: string }>();
  let expired = 0;
  let counter = 0;

  /** The attachment CDN: signed links, no token. */
  const cdn = (req: RecordedRequest): Reply | undefined => {
    const path = /^\/cdn\/([A-Za-z0-9_-]+)$/.exec(req.path);
    if (req.method !== 'GET' || !path) return undefined;
    const item = attachments.get(path[1]!);
    if (item === undefined || expired > 0) {
      if (item !== undefined) expired--;
      return { status: 404, text: 'URL signature expired' };
    }
    return { status: 200, headers: { 'content-type': item.mimeType }, bytes: item.bytes };
  };

  const handler = (req: RecordedRequest, _baseUrl: string, failure: () => Reply | undefined) => {
    if (req.method !== 'POST' || !/^\/v\d+\.\d+\/me\/messages$/.test(req.path)) {
      return graphError(400, 100, `Unsupported request ${req.method} ${req.path}`);
    }
    const body = isRecord(req.json) ? req.json : {};
    const recipientId = isRecord(body.recipient) ? String(body.recipient.id) : '';
    if (body.sender_action !== undefined)
      return { status: 200, json: { recipient_id: recipientId } };
    const failed = failure();
    if (failed !== undefined) return failed;
    const problems = metaSendBodyViolations(channel, req.json);
    if (problems.length > 0)
      return graphError(400, 100, `Invalid parameter: ${problems.join('; ')}`);
    const mid = `m_FAKE${++counter}${randomBytes(8).toString('hex')}`;
    return { status: 200, json: { recipient_id: recipientId, message_id: mid } };
  };

  const fake = await startGraphFake(
    {
      accessToken: options.accessToken,
      authError: graphError(401, 190, 'Error validating access token'),
      open: cdn,
      fixtures: FIXTURES,
      serverError: graphError(500, 2, 'An unexpected error has occurred.'),
    },
    handler,
  );
  return {
    ...fake,
    sends: () =>
      fake.requests.filter(
        (r) => r.method === 'POST' && isRecord(r.json) && r.json.sender_action === undefined,
      ),
    senderActions: () =>
      fake.requests.filter((r) => isRecord(r.json) && r.json.sender_action !== undefined),
    addAttachment: (bytes, mimeType) => {
      const id = `a${++counter}${randomBytes(6).toString('hex')}`;
      attachments.set(id, { bytes, mimeType });
      return `${fake.url}/cdn/${id}`;
    },
    expireNextDownloads: (count) => {
      expired += count;
    },
  };
}
