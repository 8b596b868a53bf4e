import { createStore } from '@xstate/store';
import { api, enc, type LiveTurn, type ThreadSummary } from './api';
import type { LiveStatus } from './live';
import { isWithHuman } from './state-names';

function withHuman(value: unknown): boolean {
  const h = isWithHuman(value);
  return h.waiting || h.handedOff;
}

export interface Filters {
  state: string;
  channel: string;
  needsHuman: boolean;
  /** Only the threads the operator has claimed. */
  mine: boolean;
}

const PAGE = 100;

/**
 * The live thread list: pages come from the server (filtered and keyset-paged there), live
 * turns patch rows in place. One `@xstate/store` so every panel sees the same list.
 */
export const threadsStore = createStore({
  context: {
    tenant: '',
    threads: [] as ThreadSummary[],
    total: 0,
    nextCursor: null as string | null,
    loading: false,
    filters: { state: '', channel: '', needsHuman: false, mine: false } as Filters,
    selected: null as string | null,
    live: 'connecting' as LiveStatus,
    /** Bumped by every live turn of the selected thread (panels reload on it). */
    selectedTurns: 0,
    lastTurn: null as LiveTurn | null,
  },
  on: {
    tenant: (ctx, e: { tenant: string }) => ({
      ...ctx,
      tenant: e.tenant,
      threads: [],
      total: 0,
      nextCursor: null,
      selected: null,
    }),
    loading: (ctx) => ({ ...ctx, loading: true }),
    loaded: (
      ctx,
      e: { threads: ThreadSummary[]; total: number; nextCursor: string | null; append: boolean },
    ) => {
      const threads = e.append ? [...ctx.threads] : [];
      const seen = new Set(threads.map((t) => t.threadKey));
      for (const t of e.threads) if (!seen.has(t.threadKey)) threads.push(t);
      return { ...ctx, threads, total: e.total, nextCursor: e.nextCursor, loading: false };
    },
    failed: (ctx) => ({ ...ctx, loading: false }),
    filters: (ctx, e: { filters: Filters }) => ({ ...ctx, filters: e.filters }),
    select: (ctx, e: { threadKey: string | null }) => ({ ...ctx, selected: e.threadKey }),
    live: (ctx, e: { status: LiveStatus }) => ({ ...ctx, live: e.status }),
    /** The operator has read the thread: its unread badge goes at once. */
    read: (ctx, e: { threadKey: string }) => ({
      ...ctx,
      threads: ctx.threads.map((t) =>
        t.threadKey === e.threadKey && t.inbox ? { ...t, inbox: { ...t.inbox, unread: 0 } } : t,
      ),
    }),
    turn: (ctx, e: { turn: LiveTurn }) => {
      const t = e.turn;
      const i = ctx.threads.findIndex((x) => x.threadKey === t.threadKey);
      let threads = ctx.threads;
      if (i >= 0) {
        const row: ThreadSummary = {
          ...ctx.threads[i]!,
          state: t.stateValue,
          seq: t.seq,
          machine: t.machine,
          lastEventType: t.eventType,
          lastEventAt: t.at,
          lastActivityAt: t.at,
          owner: t.node,
          needsHuman: withHuman(t.stateValue),
        };
        // Newest activity first, as the server orders it.
        threads = [row, ...ctx.threads.slice(0, i), ...ctx.threads.slice(i + 1)];
      }
      return {
        ...ctx,
        threads,
        lastTurn: t,
        selectedTurns: ctx.selectedTurns + (t.threadKey === ctx.selected ? 1 : 0),
      };
    },
  },
});

/** A Svelte 5 reactive view of the store's context. */
function mirror() {
  let ctx = $state.raw(threadsStore.getSnapshot().context);
  threadsStore.subscribe((s) => {
    ctx = s.context;
  });
  return {
    get current() {
      return ctx;
    },
  };
}
export const threads = mirror();

function query(cursor: string | null): string {
  const { filters } = threadsStore.getSnapshot().context;
  const p = new URLSearchParams({ limit: String(PAGE) });
  if (filters.state) p.set('state', filters.state);
  if (filters.channel) p.set('channel', filters.channel);
  if (filters.needsHuman) p.set('needsHuman', '1');
  if (filters.mine) p.set('assignee', 'me');
  if (cursor) p.set('cursor', cursor);
  return p.toString();
}

let generation = 0;

/** One page of the list under the current filters, after `cursor` (null: the first). */
function fetchPage(tenant: string, cursor: string | null) {
  return api.get<{ threads: ThreadSummary[]; total: number; nextCursor: string | null }>(
    `/api/tenants/${enc(tenant)}/threads?${query(cursor)}`,
  );
}

/** First page (again): after a filter change, a reconnect or a thread we have not seen. */
export async function reloadThreads(): Promise<void> {
  const { tenant } = threadsStore.getSnapshot().context;
  if (!tenant) return;
  const gen = ++generation;
  threadsStore.trigger.loading();
  try {
    const page = await fetchPage(tenant, null);
    if (gen === generation) threadsStore.trigger.loaded({ ...page, append: false });
  } catch {
    threadsStore.trigger.failed();
  }
}

export async function loadMoreThreads(): Promise<void> {
  const { tenant, nextCursor, loading } = threadsStore.getSnapshot().context;
  if (!tenant || !nextCursor || loading) return;
  const gen = generation;
  threadsStore.trigger.loading();
  try {
    const page = await fetchPage(tenant, nextCursor);
    if (gen === generation) threadsStore.trigger.loaded({ ...page, append: true });
    else threadsStore.trigger.failed();
  } catch {
    threadsStore.trigger.failed();
  }
}

let pending: ReturnType<typeof setTimeout> | undefined;

/**
 * A live turn: patch the row at once (state, order), then reload the page shortly after for what
 * the turn changed on the server side (last message, unread, waiting time, filters). Returns
 * whether the thread has just come to need a person.
 */
export function applyTurn(turn: LiveTurn): { nowNeedsPerson: boolean } {
  const ctx = threadsStore.getSnapshot().context;
  const before = ctx.threads.find((t) => t.threadKey === turn.threadKey);
  threadsStore.trigger.turn({ turn });
  clearTimeout(pending);
  pending = setTimeout(() => void reloadThreads(), before ? 400 : 200);
  return { nowNeedsPerson: isWithHuman(turn.stateValue).waiting && !before?.needsHuman };
}
