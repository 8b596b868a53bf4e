import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { isTenantSlug, RatibaError } from '../../contract';
import type { Logger } from '../logger';
import { canSee, type ConsoleAuth } from './console-auth';
import type { LiveFeed } from './live-feed';

export const LIVE_PATH = '/api/live';
export const LIVE_PROTOCOL = 'ratiba.v1';
/** A client this far behind is dropped (it reconnects and reloads) rather than buffered. */
const MAX_BUFFERED_BYTES = 1 << 20;

interface LiveDeps {
  feed: LiveFeed;
  auth: ConsoleAuth;
  log: Logger;
  nodeId: string;
}

export interface LiveSocket {
  readonly clients: number;
  close(): void;
}

/**
 * `GET /api/live?tenant=<slug>` upgraded to a WebSocket: every committed turn of that tenant
 * (or of every tenant the principal may see, without `tenant`). The upgrade is authenticated like
 * the API (a token in the `bearer.<jwt>` subprotocol) and refused with 401/403 before any
 * WebSocket exists. In development mode a browser on another origin is refused too.
 */
export function attachLiveSocket(server: Server, deps: LiveDeps): LiveSocket {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 4096,
    handleProtocols: (protocols) => (protocols.has(LIVE_PROTOCOL) ? LIVE_PROTOCOL : false),
  });

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== LIVE_PATH) return; // another upgrade handler's path
    void (async () => {
      const tenant = url.searchParams.get('tenant');
      if (tenant !== null && !isTenantSlug(tenant)) return refuse(socket, 400, 'bad tenant');
      if (deps.auth.mode === 'development' && !sameOrigin(req))
        return refuse(socket, 403, 'cross-origin');
      let principal;
      try {
        principal = await deps.auth.authenticate(req);
      } catch (err) {
        const status = err instanceof RatibaError && err.code === 'forbidden' ? 403 : 401;
        return refuse(socket, status, err instanceof RatibaError ? err.message : 'refused');
      }
      if (tenant !== null ? !canSee(principal, tenant) : principal.tenants !== 'all')
        return refuse(socket, 403, 'no access to this tenant');
      const expiresAt = principal.expiresAt;
      wss.handleUpgrade(req, socket, head, (ws) => serve(ws, deps, tenant, expiresAt));
    })().catch((err: unknown) => {
      deps.log.warn({ err }, 'live upgrade failed');
      socket.destroy();
    });
  };

  server.on('upgrade', onUpgrade);
  return {
    get clients() {
      return wss.clients.size;
    },
    close() {
      server.off('upgrade', onUpgrade);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}

/** Development mode has no token, so a page from another site must not open the feed (the
 * Vite dev server on another localhost port may). */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true; // not a browser
  try {
    const u = new URL(origin);
    return u.host === req.headers.host || ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
  } catch {
    return false;
  }
}

/** Answers a refused upgrade with a plain HTTP error and closes the socket. */
function refuse(socket: Duplex, status: number, reason: string): void {
  const body = JSON.stringify({ error: status === 401 ? 'unauthorized' : 'forbidden', reason });
  socket.end(
    `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Bad Request'}\r\n` +
      `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** Streams the tenant's turns to one socket, until it closes, falls behind, or its token expires. */
function serve(
  ws: WebSocket,
  deps: LiveDeps,
  tenant: string | null,
  expiresAt: number | undefined,
): void {
  ws.send(JSON.stringify({ type: 'hello', node: deps.nodeId, tenant }));
  // The token was checked once, at the upgrade: the socket lives no longer than the token.
  const expiry =
    expiresAt === undefined
      ? undefined
      : setTimeout(() => ws.close(4001, 'token expired'), Math.max(0, expiresAt - Date.now()));
  expiry?.unref();
  const off = deps.feed.subscribe(tenant, (turn) => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      ws.close(1013, 'too far behind; reload');
      return;
    }
    ws.send(JSON.stringify({ type: 'turn', turn }));
  });
  let alive = true;
  ws.on('pong', () => (alive = true));
  const ping = setInterval(() => {
    if (!alive) return ws.terminate();
    alive = false;
    ws.ping();
  }, 30_000);
  ping.unref();
  ws.on('message', () => undefined); // the feed is one-way; clients only keep it alive
  ws.on('close', () => {
    clearInterval(ping);
    clearTimeout(expiry);
    off();
  });
  ws.on('error', () => ws.terminate());
}
