/**
 * A tiny node:http server on 127.0.0.1, port 0, that records every request and answers through a
 * handler. The fakes of the Graph API and Africa's Talking are built on it.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  /** The body parsed as JSON, when it is JSON. */
  json: unknown;
  /** The body parsed as `application/x-www-form-urlencoded`, when it is a form. */
  form: Record<string, string> | undefined;
}

export type Reply =
  | {
      status: number;
      headers?: Record<string, string>;
      json?: unknown;
      bytes?: Buffer;
      text?: string;
      /** Answer this long after the request came in (a slow API). */
      delayMs?: number;
    }
  /** Never answer (until the server closes): lets a client's deadline expire. */
  | 'hang';

export type Handler = (request: RecordedRequest, baseUrl: string) => Reply;

export interface RecordingServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startRecordingServer(handler: Handler): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  let baseUrl = '';
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', baseUrl);
      const rawBody = Buffer.concat(chunks);
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        rawBody,
        json: parseJson(rawBody),
        form: parseForm(req.headers['content-type'], rawBody),
      };
      requests.push(recorded);
      let reply: Reply;
      try {
        reply = handler(recorded, baseUrl);
      } catch (err) {
        reply = { status: 500, text: err instanceof Error ? err.message : String(err) };
      }
      if (reply === 'hang') return;
      if (reply.delayMs === undefined) write(res, reply);
      else setTimeout(() => write(res, reply), reply.delayMs);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
  return {
    url: baseUrl,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function write(res: ServerResponse, reply: Exclude<Reply, 'hang'>): void {
  const headers = { ...reply.headers };
  let body: Buffer | string = '';
  if (reply.json !== undefined) {
    body = JSON.stringify(reply.json);
    headers['content-type'] ??= 'application/json; charset=UTF-8';
  } else if (reply.bytes !== undefined) {
    body = reply.bytes;
  } else if (reply.text !== undefined) {
    body = reply.text;
    headers['content-type'] ??= 'text/plain; charset=UTF-8';
  }
  res.writeHead(reply.status, headers);
  res.end(body);
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function parseForm(
  contentType: string | undefined,
  body: Buffer,
): Record<string, string> | undefined {
  if (contentType?.startsWith('application/x-www-form-urlencoded') !== true) return undefined;
  return Object.fromEntries(new URLSearchParams(body.toString('utf8')));
}

/** A fixture file without its `_note`-style keys (never sent by the provider). */
export function stripNotes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripNotes);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !key.startsWith('_'))
      .map(([key, v]) => [key, stripNotes(v)]),
  );
}
