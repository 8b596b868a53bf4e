/**
 * The fake Graph API of the webhook benchmark, in a worker thread of its own: in production the
 * Graph API is not on the runtime's machine, so serving it must not take the runtime's event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { startFakeGraphServer } from '../adapters/whatsapp/testing';

export type FromGraphWorker = { type: 'ready'; url: string };

if (parentPort) {
  const port = parentPort;
  const server = await startFakeGraphServer({
    accessToken: (workerData as { accessToken: string }).accessToken,
  });
  port.on('message', (m: { type: 'close' }) => {
    if (m.type === 'close') void server.close().then(() => port.close());
  });
  port.postMessage({ type: 'ready', url: server.url } satisfies FromGraphWorker);
}
