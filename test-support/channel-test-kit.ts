/**
 * Test support for the channel integration tests: a runtime on a test database with the demo
 * tenant bound to fake providers (Graph API for WhatsApp, Instagram and Messenger behind one
 * base URL, Africa's Talking), and signed webhook builders.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import { startFakeMetaServer, type FakeMetaServer } from '../adapters/meta/testing';
import { startFakeAtServer, type FakeAtServer } from '../adapters/sms/testing';
import {
  startFakeGraphServer,
  type FakeGraphServer,
  type FakeGraphServerOptions,
} from '../adapters/whatsapp/testing';
import type { Runtime, RuntimeOverrides } from '../runtime/app';
import { DEMO_TENANT_FILE } from '../runtime/config';
import { setUpTenant } from '../runtime/tenant-setup';
import { readTenantFile, type TenantFile } from '../runtime/tenancy/tenant-file';
import { startGraphProxy } from './graph-proxy';
import { createTestDatabase, type TestDatabase } from './test-database';
import { eventually, startTestRuntime } from './test-runtime';

export const SECRET = 'test-app-secret';
export const WA_TOKEN = 'EAAG-wa-token';
export const IG_TOKEN = 'EAAG-ig-token';
export const FB_TOKEN = 'EAAG-fb-token';
export const PHONE_NUMBER_ID = '100200300400500';
export const IG_ACCOUNT = '17841400000000001';
export const FB_PAGE = '106540352242922';
export const AT_KEY = 'at-test-key';

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/channels/${name}`, import.meta.url), 'utf8');

export interface ChannelEnv {
  t: TestDatabase;
  rt: Runtime;
  graph: FakeGraphServer;
  instagram: FakeMetaServer;
  messenger: FakeMetaServer;
  at: FakeAtServer;
  /** Called for each send the fake Graph API accepts (e.g. a status echo's `onSend`). */
  onGraphSend(hook: NonNullable<FakeGraphServerOptions['onSend']>): void;
  /** POST a signed JSON body to a webhook path. */
  post(path: string, body: string, headers?: Record<string, string>): Promise<Response>;
  stop(): Promise<void>;
}

export async function startChannelEnv(
  patch: (file: TenantFile) => TenantFile = (f) => f,
  env: Record<string, string> = {},
  overrides: RuntimeOverrides = {},
): Promise<ChannelEnv> {
  const t = await createTestDatabase();
  const sendHooks: NonNullable<FakeGraphServerOptions['onSend']>[] = [];
  const graph = await startFakeGraphServer({
    accessToken: WA_TOKEN,
    onSend: (to, sent) => sendHooks.forEach((hook) => hook(to, sent)),
  });
  const instagram = await startFakeMetaServer({ channel: 'instagram', accessToken: IG_TOKEN });
  const messenger = await startFakeMetaServer({ channel: 'messenger', accessToken: FB_TOKEN });
  const at = await startFakeAtServer({ apiKey: AT_KEY });
  const proxy = await startGraphProxy((auth, path) =>
    /\/me\/messages$/.test(path)
      ? auth === `Bearer ${IG_TOKEN}`
        ? instagram.url
        : messenger.url
      : graph.url,
  );
  await applyChannelTenant(t.db, patch);
  const rt = await startTestRuntime(
    t.url,
    {
      META_APP_SECRET: SECRET,
      META_VERIFY_TOKEN: 'verify-me',
      META_GRAPH_URL: proxy.url,
      AT_BASE_URL: at.url,
      AT_API_KEY: AT_KEY,
      AT_USERNAME: 'sandbox',
      RATIBA_DEMO_TENANT: '',
      ...env,
    },
    overrides,
  );
  return {
    t,
    rt,
    graph,
    instagram,
    messenger,
    at,
    onGraphSend: (hook) => sendHooks.push(hook),
    post: (path, body, headers = {}) =>
      fetch(`${rt.http.url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hub-signature-256': sign(body),
          ...headers,
        },
        body,
      }),
    async stop() {
      await rt.stop();
      await Promise.all([graph.close(), instagram.close(), messenger.close(), at.close()]);
      await new Promise((r) => proxy.server.close(r));
      await t.drop();
    },
  };
}

/**
 * One channel environment for a test file: started before its tests (with `startChannelEnv`'s
 * arguments), stopped after them. The object returned is that environment once started.
 */
export function useChannelEnv(...args: Parameters<typeof startChannelEnv>): ChannelEnv {
  const env: Partial<ChannelEnv> = {};
  beforeAll(async () => {
    Object.assign(env, await startChannelEnv(...args));
  });
  afterAll(() => env.stop?.());
  return env as ChannelEnv;
}

/** The demo tenant bound to the fakes' accounts, after `patch`. */
export async function applyChannelTenant(
  db: TestDatabase['db'],
  patch: (file: TenantFile) => TenantFile = (f) => f,
): Promise<void> {
  const demo = await readTenantFile(DEMO_TENANT_FILE);
  await setUpTenant(
    db,
    patch({
      ...demo,
      channels: {
        ...demo.channels,
        whatsapp: [
          { phone_number_id: PHONE_NUMBER_ID, access_token: WA_TOKEN, messages_per_second: 80 },
        ],
        instagram: [{ account_id: IG_ACCOUNT, access_token: IG_TOKEN }],
        messenger: [{ page_id: FB_PAGE, access_token: FB_TOKEN }],
      },
    }),
  );
}

export const sign = (body: string, secret = SECRET) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

type WaValue = Record<string, unknown> & {
  metadata: { phone_number_id: string };
  contacts?: { wa_id: string }[];
  messages?: Record<string, unknown>[];
  statuses?: Record<string, unknown>[];
};

function waDoc(name: string, edit: (v: WaValue) => void): string {
  const doc = JSON.parse(fixture(name)) as { entry: { changes: { value: WaValue }[] }[] };
  const value = doc.entry[0]!.changes[0]!.value;
  value.metadata.phone_number_id = PHONE_NUMBER_ID;
  edit(value);
  return JSON.stringify(doc);
}

export const waText = (id: string, from: string, text: string) =>
  waDoc('text-message.json', (v) => {
    v.contacts![0]!.wa_id = from;
    Object.assign(v.messages![0]!, { id, from, text: { body: text } });
  });

export const waVoiceNote = (id: string, from: string, mediaId: string) =>
  waDoc('voice-note.json', (v) => {
    v.contacts![0]!.wa_id = from;
    Object.assign(v.messages![0]!, { id, from });
    Object.assign(v.messages![0]!.audio as object, { id: mediaId });
  });

export const waStatus = (wamid: string, recipient: string, status: string, code?: number) =>
  waDoc('status-failed.json', (v) => {
    const s = v.statuses![0]!;
    Object.assign(s, { id: wamid, recipient_id: recipient, status });
    if (code === undefined) delete s.errors;
    else (s.errors as { code: number }[])[0]!.code = code;
  });

export function metaText(
  channel: 'instagram' | 'messenger',
  mid: string,
  senderId: string,
  text: string,
): string {
  const doc = JSON.parse(fixture(`${channel}-text.json`)) as {
    entry: {
      id: string;
      messaging: { sender: { id: string }; recipient: { id: string }; message: object }[];
    }[];
  };
  const entry = doc.entry[0]!;
  entry.id = channel === 'instagram' ? IG_ACCOUNT : FB_PAGE;
  const m = entry.messaging[0]!;
  m.sender.id = senderId;
  m.recipient.id = entry.id;
  Object.assign(m.message, { mid, text });
  return JSON.stringify(doc);
}

/** An Instagram / Messenger voice note: an `audio` attachment whose CDN URL is `url`. */
export function metaAudio(
  channel: 'instagram' | 'messenger',
  mid: string,
  senderId: string,
  url: string,
): string {
  const doc = JSON.parse(fixture(`${channel}-audio.json`)) as {
    entry: {
      id: string;
      messaging: {
        sender: { id: string };
        recipient: { id: string };
        message: { mid: string; attachments: { payload: { url: string } }[] };
      }[];
    }[];
  };
  const entry = doc.entry[0]!;
  entry.id = channel === 'instagram' ? IG_ACCOUNT : FB_PAGE;
  const m = entry.messaging[0]!;
  m.sender.id = senderId;
  m.recipient.id = entry.id;
  m.message.mid = mid;
  m.message.attachments[0]!.payload.url = url;
  return JSON.stringify(doc);
}

/** A signed WhatsApp text from `waId`, stamped now (the fixture's timestamp is in the past). */
export async function sendWhatsAppNow(
  env: ChannelEnv,
  id: string,
  waId: string,
  text: string,
): Promise<void> {
  const doc = JSON.parse(waText(id, waId, text)) as {
    entry: { changes: { value: { messages: { timestamp: string }[] } }[] }[];
  };
  doc.entry[0]!.changes[0]!.value.messages[0]!.timestamp = String(Math.floor(Date.now() / 1000));
  const res = await env.post('/webhooks/whatsapp', JSON.stringify(doc));
  if (res.status !== 200) throw new Error(`whatsapp webhook answered ${res.status}`);
}

export interface GraphSend {
  to?: string;
  type?: string;
  text?: { body?: string };
  interactive?: unknown;
  template?: { name?: string; components?: { parameters?: { text?: string }[] }[] };
}

/** What the fake Graph API was asked to send to `waId`, in order. */
export const graphSendsTo = (env: ChannelEnv, waId: string): GraphSend[] =>
  env.graph
    .sends()
    .map((r) => r.json as GraphSend)
    .filter((m) => m.to === waId);

/** The sends to `waId` after the first `after` of them, once there are any (waits up to 20 s). */
export const graphSendsAfter = (env: ChannelEnv, waId: string, after: number) =>
  eventually(() => {
    const all = graphSendsTo(env, waId);
    return Promise.resolve(all.length > after ? all.slice(after) : null);
  }, 20_000);

/** The words of a send: its text, its interactive body, or its template's parameters. */
export const graphSendText = (m: GraphSend): string =>
  m.text?.body ??
  (m.template
    ? (m.template.components ?? [])
        .flatMap((c) => (c.parameters ?? []).map((p) => p.text ?? ''))
        .join(' ')
    : JSON.stringify(m.interactive ?? ''));
