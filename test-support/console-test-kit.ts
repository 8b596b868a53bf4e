import { request } from 'node:http';
import { Writable } from 'node:stream';
import WebSocket from 'ws';
import { createLogger, type Logger } from '../runtime/logger';
import { simulate } from './test-runtime';

/** Test helpers of the console (not part of the public surface). */
export function capturingLogger(): { log: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const dest = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n'))
        if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return { log: createLogger({ level: 'info', logPii: false }, dest), lines };
}

/**
 * A customer books in the simulator: says `text`, then taps "yes" (else the first choice) until
 * the bot says booked, six taps at most. Returns the last answer (the caller checks it).
 */
export async function bookInSimulator(
  url: string,
  from: string,
  text = 'I want a haircut tomorrow',
): ReturnType<typeof simulate> {
  let r = await simulate(url, { from, text });
  for (let i = 0; i < 6 && !/booked/i.test(r.body.replies.map((x) => x.text).join()); i++) {
    const last = r.body.replies.at(-1) as
      | {
          buttons?: { id: string; title: string }[];
          sections?: { rows: { id: string; title: string }[] }[];
        }
      | undefined;
    const choices = last?.buttons ?? last?.sections?.flatMap((x) => x.rows) ?? [];
    const b = choices.find((x) => /^yes/i.test(x.title)) ?? choices[0];
    if (!b) break;
    r = await simulate(url, { from, text: b.title, replyId: b.id });
  }
  return r;
}

export async function getJson(
  url: string,
  token?: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(url, {
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { text };
  }
  return { status: res.status, body, headers: res.headers };
}

export async function postJson(
  url: string,
  body: unknown,
  token?: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Opens the live feed; resolves with the socket, or rejects with the HTTP status refused. */
export function openLive(
  url: string,
  opts: { token?: string; origin?: string } = {},
): Promise<{ ws: WebSocket; messages: Record<string, unknown>[] }> {
  const wsUrl = url.replace(/^http/, 'ws');
  const protocols = ['ratiba.v1', ...(opts.token ? [`bearer.${opts.token}`] : [])];
  const ws = new WebSocket(wsUrl, protocols, opts.origin ? { origin: opts.origin } : {});
  const messages: Record<string, unknown>[] = [];
  ws.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString()) as never));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, messages }));
    ws.once('unexpected-response', (_req, res) => {
      reject(new Error(`status ${res.statusCode}`));
      ws.terminate();
    });
    ws.once('error', (err) => reject(err));
  });
}

export interface FakeKeycloak {
  /** KEYCLOAK_URL for the backend and the browser. */
  url: string;
  issuer: string;
  /** Claims put into the access tokens the login issues (change between tests). */
  claims: Record<string, unknown>;
  sign(claims: Record<string, unknown>, expiresIn?: string | number): Promise<string>;
  close(): Promise<void>;
}

/**
 * A stand-in for a Keycloak realm on port 0, enough for keycloak-js and the backend: the
 * authorization endpoint logs everyone in at once (fragment response), the token endpoint
 * trades the code for tokens signed with the realm key (id token carries the login's nonce),
 * and the JWKS endpoint publishes the key.
 */
export async function startFakeKeycloak(realm: string, clientId: string): Promise<FakeKeycloak> {
  const { createServer } = await import('node:http');
  const { exportJWK, generateKeyPair, SignJWT } = await import('jose');
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, string>();
  const base = `/realms/${realm}/protocol/openid-connect`;
  let issuer = '';
  const fake: FakeKeycloak = {
    url: '',
    issuer: '',
    claims: {},
    sign: (claims, expiresIn = '5m') =>
      new SignJWT({ ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setSubject(typeof claims.sub === 'string' ? claims.sub : 'operator-1')
        .setIssuer(issuer)
        .setAudience(clientId)
        .setIssuedAt()
        .setExpirationTime(expiresIn)
        .sign(privateKey),
    close: () => new Promise((r) => server.close(() => r())),
  };
  const server = createServer((req, res) => {
    void (async () => {
      const u = new URL(req.url ?? '/', 'http://x');
      // keycloak-js sends credentials: the exact origin, never '*'.
      res.setHeader('access-control-allow-origin', req.headers.origin ?? '*');
      res.setHeader('access-control-allow-credentials', 'true');
      if (u.pathname === `${base}/certs`) {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ keys: [jwk] }));
      } else if (u.pathname === `${base}/auth`) {
        const code = `code-${codes.size + 1}`;
        codes.set(code, u.searchParams.get('nonce') ?? '');
        const back = new URL(u.searchParams.get('redirect_uri') ?? '/');
        back.hash = new URLSearchParams({
          state: u.searchParams.get('state') ?? '',
          session_state: 'fake-session',
          code,
        }).toString();
        res.statusCode = 302;
        res.setHeader('location', back.toString());
        res.end();
      } else if (u.pathname === `${base}/token` && req.method === 'POST') {
        let body = '';
        for await (const chunk of req) body += String(chunk);
        const form = new URLSearchParams(body);
        const nonce = codes.get(form.get('code') ?? '');
        if (nonce === undefined) {
          res.statusCode = 400;
          res.end(JSON.stringify({ error: 'invalid_grant' }));
          return;
        }
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            access_token: await fake.sign({ preferred_username: 'amina', ...fake.claims }),
            id_token: await fake.sign({ nonce, preferred_username: 'amina' }),
            refresh_token: await fake.sign({ typ: 'Refresh' }, '30m'),
            token_type: 'Bearer',
            expires_in: 300,
          }),
        );
      } else if (req.method === 'OPTIONS') {
        res.setHeader('access-control-allow-headers', '*');
        res.end();
      } else {
        res.statusCode = 404;
        res.end();
      }
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address() as { port: number };
  fake.url = `http://127.0.0.1:${addr.port}`;
  issuer = `${fake.url}/realms/${realm}`;
  fake.issuer = issuer;
  return fake;
}

/** A raw HTTP request (fetch() will not send a Host header of our choosing). */
export function raw(
  url: string,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        method: opts.method ?? 'GET',
        path: opts.path,
        headers: opts.headers ?? {},
      },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}
