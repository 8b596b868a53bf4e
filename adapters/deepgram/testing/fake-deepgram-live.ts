/**
 * A local fake of Deepgram's live transcription WebSocket (`/v1/listen`), speaking its message
 * shapes: `Authorization: Token <key>` checked at the upgrade (401 otherwise); binary linear16
 * audio in; `SpeechStarted`, interim and final `Results` (`is_final`, `speech_final`),
 * `UtteranceEnd` out, in the order Deepgram sends them; `CloseStream` answered with `Metadata` and
 * a normal close. What it "hears" is scripted: each utterance's words are recognised once that
 * much audio (`audioMs`) has arrived.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface ScriptedUtterance {
  words: string;
  audioMs: number;
}

export interface FakeDeepgramLive {
  /** `http://127.0.0.1:<port>` (the client derives the ws:// URL). */
  readonly url: string;
  /** Query parameters of every connection, in order. */
  readonly connections: URLSearchParams[];
  /** Audio received per connection (ms of 16-bit mono at the connection's sample_rate). */
  readonly receivedMs: number[];
  script(utterances: ScriptedUtterance[]): void;
  close(): Promise<void>;
}

const results = (
  words: string,
  start: number,
  duration: number,
  final: boolean,
  requestId: string,
) => ({
  type: 'Results',
  channel_index: [0, 1],
  duration,
  start,
  is_final: final,
  speech_final: final,
  from_finalize: false,
  channel: {
    alternatives: [
      {
        transcript: words,
        confidence: 0.98,
        words: words
          .split(' ')
          .filter(Boolean)
          .map((w, i, all) => ({
            word: w,
            start: start + (i * duration) / all.length,
            end: start + ((i + 1) * duration) / all.length,
            confidence: 0.98,
          })),
      },
    ],
  },
  metadata: {
    request_id: requestId,
    model_info: { name: 'general-nova-3', version: '2025-01-01.0', arch: 'nova-3' },
    model_uuid: randomUUID(),
  },
});

export async function startFakeDeepgramLive(o: { apiKey: string }): Promise<FakeDeepgramLive> {
  let script: ScriptedUtterance[] = [];
  const connections: URLSearchParams[] = [];
  const receivedMs: number[] = [];
  const server = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req: IncomingMessage, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname !== '/v1/listen' || req.headers.authorization !== `Token ${o.apiKey}`) {
      socket.end('HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws, url.searchParams));
  });

  function serve(ws: WebSocket, params: URLSearchParams): void {
    const index = connections.push(params) - 1;
    receivedMs[index] = 0;
    const rate = Number(params.get('sample_rate') ?? 16000);
    const requestId = randomUUID();
    const queue = [...script];
    let heard = 0;
    let at = 0;
    let started = false;
    let interim = false;
    const send = (m: unknown) => ws.send(JSON.stringify(m));
    ws.on('message', (data, isBinary) => {
      if (!isBinary) {
        const m = JSON.parse((data as Buffer).toString()) as { type?: string };
        if (m.type === 'CloseStream') {
          send({ type: 'Metadata', request_id: requestId, duration: at, channels: 1 });
          ws.close(1000);
        }
        return;
      }
      const ms = ((data as Buffer).length / 2 / rate) * 1000;
      receivedMs[index]! += ms;
      heard += ms;
      const u = queue[0];
      if (!u) return;
      if (!started && heard >= 100) {
        started = true;
        send({ type: 'SpeechStarted', channel: [0], timestamp: at / 1000 });
      }
      if (!interim && heard >= u.audioMs / 2) {
        interim = true;
        const half = u.words.split(' ');
        send(
          results(
            half.slice(0, Math.ceil(half.length / 2)).join(' '),
            at / 1000,
            heard / 1000,
            false,
            requestId,
          ),
        );
      }
      if (heard >= u.audioMs) {
        send(results(u.words, at / 1000, u.audioMs / 1000, true, requestId));
        send({ type: 'UtteranceEnd', channel: [0, 1], last_word_end: (at + u.audioMs) / 1000 });
        at += heard;
        heard = 0;
        started = false;
        interim = false;
        queue.shift();
      }
    });
  }

  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connections,
    receivedMs,
    script: (u) => (script = u),
    async close() {
      for (const c of wss.clients) c.terminate();
      await new Promise((r) => server.close(r));
    },
  };
}
