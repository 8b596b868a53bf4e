/**
 * The fake Graph API of the webhook benchmark, in a worker thread of its own: in production the
 * Graph API is not on the runtime's machine, so serving it must not take the runtime's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startFakeGraphServer } from '../adapters/whatsapp/testing';

export type FromGraphWorker =
  | { type: 'ready'; url: string }
  /** With `notifySends`: a send to `to` was answered at `at` (epoch ms, sub-ms precision). */
  | { type: 'send'; to: string; at: number };

export interface GraphWorkerData {
  accessToken: string;
  notifySends?: boolean;
}

if (parentPort) {
  const port = parentPort;
  const data = workerData as GraphWorkerData;
  const at = () => performance.timeOrigin + performance.now();
  const server = await startFakeGraphServer({
    accessToken: data.accessToken,
    ...(data.notifySends
      ? { onSend: (to: string) => port.postMessage({ type: 'send', to, at: at() }) }
      : {}),
  });
  port.on('message', (m: { type: 'close' }) => {
    if (m.type === 'close') void server.close().then(() => port.close());
  });
  port.postMessage({ type: 'ready', url: server.url } satisfies FromGraphWorker);
}
