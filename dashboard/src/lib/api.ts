import Keycloak from 'keycloak-js';
import { activeNodeIds } from '$contract/console-graph';
import type { CatalogImportResult, ThreadSummary } from '$contract/console-api';

export type {
  ChatAuthor,
  ChatDelivery,
  ChatMessage,
  ConversationView,
  InboxState,
  JournalEntry,
  LastMessage,
  ReplyWindow,
  ThreadSummary,
  CatalogImportResult,
  CatalogDraftRow,
  CatalogDraftView,
  CalendarAppointment,
} from '$contract/console-api';
export type { GraphEdge, GraphNode, LiveTurn, MachineGraph } from '$contract/console-graph';
export { activeNodeIds };

/** The backend's console API (runtime/console/console-routes.ts), typed for the browser. */
export interface ConsoleInfo {
  mode: 'keycloak' | 'development';
  banner: string | null;
  keycloak: { url: string; realm: string; clientId: string } | null;
  simulator: boolean;
  node: string;
}

export interface ThreadDetail extends Omit<ThreadSummary, 'lastMessage'> {
  customerId: number | null;
  snapshot: unknown;
  revealed: boolean;
}

let keycloak: Keycloak | undefined;

/** What every view of one open conversation is given (the inspector, the conversation pane). */
export interface ThreadViewProps {
  tenant: string;
  threadKey: string;
  /** Changes on every live turn of this thread. */
  bump: number;
  reveal: boolean;
  detail: ThreadDetail | null;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Reads the console's mode; with Keycloak configured, logs in (redirect) before anything else. */
export async function bootstrap(): Promise<ConsoleInfo> {
  const res = await fetch('/api/console');
  const info = (await res.json()) as ConsoleInfo;
  if (info.keycloak) {
    keycloak = new Keycloak(info.keycloak);
    await keycloak.init({
      onLoad: 'login-required',
      pkceMethod: 'S256',
      checkLoginIframe: false,
    });
  }
  return info;
}

export function logout(): void {
  void keycloak?.logout();
}

/** A fresh access token (refreshed when it has under 30 s left), or undefined without login. */
export async function token(): Promise<string | undefined> {
  if (!keycloak) return undefined;
  await keycloak.updateToken(30).catch(() => keycloak?.login());
  return keycloak.token;
}

/** A request body sent as it is (a CSV, a photo), with its content type. */
export class RawBody {
  constructor(
    readonly type: string,
    readonly data: BodyInit,
  ) {}
}

/** One authenticated request; `body` is JSON unless it is a raw `{ type, data }` (a file). */
async function request(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ res: Response; data: { error?: string; message?: string } }> {
  const t = await token();
  const raw = body instanceof RawBody ? body : undefined;
  const res = await fetch(path, {
    method,
    headers: {
      accept: 'application/json',
      ...(t ? { authorization: `Bearer ${t}` } : {}),
      ...(body !== undefined ? { 'content-type': raw ? raw.type : 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: raw ? raw.data : JSON.stringify(body) } : {}),
  });
  const data = (await res.json().catch(() => ({}))) as { error?: string; message?: string };
  return { res, data };
}

const failure = (res: Response, data: { error?: string; message?: string }) =>
  new ApiError(res.status, data.error ?? 'error', data.message ?? res.statusText);

/** Throws ApiError unless the status is 2xx or one of `accept` (answers that carry a body). */
async function call<T>(
  method: string,
  path: string,
  body?: unknown,
  accept: number[] = [],
): Promise<T> {
  const { res, data } = await request(method, path, body);
  if (!res.ok && !accept.includes(res.status)) throw failure(res, data);
  return data as T;
}

export const api = {
  get: <T>(path: string) => call<T>('GET', path),
  post: <T>(path: string, body: unknown = {}, accept: number[] = []) =>
    call<T>('POST', path, body, accept),
  put: <T>(path: string, body: unknown) => call<T>('PUT', path, body),
  /** The body of a GET as a `data:` URL (the console's CSP allows those as images). */
  async dataUrl(path: string): Promise<string> {
    const t = await token();
    const res = await fetch(path, { headers: t ? { authorization: `Bearer ${t}` } : {} });
    if (!res.ok) throw new ApiError(res.status, 'error', res.statusText);
    const blob = await res.blob();
    return new Promise((ok, fail) => {
      const reader = new FileReader();
      reader.onload = () => ok(String(reader.result));
      reader.onerror = () => fail(reader.error ?? new Error('could not read the photo'));
      reader.readAsDataURL(blob);
    });
  },
};

/** Uploads a CSV price list; a 422 (bad lines) resolves with its problems, other errors throw. */
export const importCatalog = (tenant: string, csv: string, dryRun: boolean) =>
  call<CatalogImportResult>(
    'POST',
    `/api/tenants/${encodeURIComponent(tenant)}/catalog/import${dryRun ? '?dry_run=1' : ''}`,
    new RawBody('text/csv', csv),
    [422],
  );

export const enc = encodeURIComponent;

/** The deepest active states, for text: `active.conversation.booking.when`. */
export function stateLabel(value: unknown): string {
  const ids = activeNodeIds(value).filter((id) => id !== '');
  const leaves = ids.filter((id) => !ids.some((o) => o.startsWith(id + '.')));
  return leaves.join(', ') || '—';
}

/** Runs `work`: '' when it went through, else what went wrong (for a panel's error line). */
export async function attempt(work: () => Promise<void>): Promise<string> {
  try {
    await work();
    return '';
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
