import { token, type LiveTurn } from './api';

export type LiveStatus = 'connecting' | 'open' | 'closed';

/**
 * The backend's live feed of committed turns for one tenant. Reconnects with backoff; after a
 * reconnect `onResync` runs (turns may have been missed while the socket was down).
 */
export function connectLive(
  tenant: string,
  handlers: {
    onTurn: (turn: LiveTurn) => void;
    onStatus: (s: LiveStatus) => void;
    onResync: () => void;
  },
): () => void {
  let ws: WebSocket | undefined;
  let stopped = false;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const open = async () => {
    if (stopped) return;
    handlers.onStatus('connecting');
    const t = await token();
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    ws = new WebSocket(`${proto}//${location.host}/api/live?tenant=${encodeURIComponent(tenant)}`, [
      'ratiba.v1',
      ...(t ? [`bearer.${t}`] : []),
    ]);
    ws.onopen = () => {
      handlers.onStatus('open');
      if (attempt > 0) handlers.onResync();
      attempt = 0;
    };
    ws.onmessage = (m) => {
      const msg = JSON.parse(String(m.data)) as { type: string; turn?: LiveTurn };
      if (msg.type === 'turn' && msg.turn) handlers.onTurn(msg.turn);
    };
    ws.onclose = () => {
      handlers.onStatus('closed');
      if (stopped) return;
      attempt++;
      timer = setTimeout(() => void open(), Math.min(10_000, 250 * 2 ** attempt));
    };
  };
  void open();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    ws?.close();
  };
}

/**
 * For a page that shows what turns change: `reload` runs once `ms` after a turn `only` picks
 * (the turns in between fold into it) and at once after a reconnect. Returns the stop function.
 */
export function reloadOnTurns(
  tenant: string,
  reload: () => void,
  ms: number,
  only: (turn: LiveTurn) => boolean = () => true,
): () => void {
  let pending: ReturnType<typeof setTimeout> | undefined;
  const stop = connectLive(tenant, {
    onTurn: (turn) => {
      if (pending || !only(turn)) return;
      pending = setTimeout(() => {
        pending = undefined;
        reload();
      }, ms);
    },
    onStatus: () => undefined,
    onResync: reload,
  });
  return () => {
    clearTimeout(pending);
    stop();
  };
}
