/**
 * A local fake of ElevenLabs' streaming TTS: `POST /v1/text-to-speech/<voice>/stream` with
 * `xi-api-key` (401 `{"detail":{"status":"invalid_api_key"}}` otherwise), the JSON body the API
 * takes, answered with chunked raw PCM (`output_format=pcm_16000`) of `msPerWord` per word, in
 * odd-sized chunks sent `chunkDelayMs` apart (as audio arrives from the real one).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeElevenLabsRequest {
  voiceId: string;
  query: Record<string, string>;
  body: {
    text?: string;
    model_id?: string;
    language_code?: string;
    voice_settings?: { speed?: number };
  };
}

export interface FakeElevenLabsServer {
  readonly url: string;
  readonly requests: FakeElevenLabsRequest[];
  close(): Promise<void>;
}

export async function startFakeElevenLabsServer(o: {
  apiKey: string;
  msPerWord?: number;
  chunkDelayMs?: number;
}): Promise<FakeElevenLabsServer> {
  const requests: FakeElevenLabsRequest[] = [];
  const msPerWord = o.msPerWord ?? 200;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const m = /^\/v1\/text-to-speech\/([^/]+)\/stream$/.exec(url.pathname);
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      if (req.method !== 'POST' || !m) return void res.writeHead(404).end();
      if (req.headers['xi-api-key'] !== o.apiKey) {
        res.writeHead(401, { 'content-type': 'application/json' });
        return void res.end(
          JSON.stringify({ detail: { status: 'invalid_api_key', message: 'Invalid API key' } }),
        );
      }
      const body = JSON.parse(raw || '{}') as FakeElevenLabsRequest['body'];
      requests.push({
        voiceId: decodeURIComponent(m[1]!),
        query: Object.fromEntries(url.searchParams),
        body,
      });
      const words = (body.text ?? '').split(/\s+/).filter(Boolean).length;
      const samples = Math.round((words * msPerWord * 16_000) / 1000);
      const pcm = Buffer.alloc(samples * 2);
      for (let i = 0; i < samples; i++) pcm.writeInt16LE(i % 40 < 20 ? 6000 : -6000, i * 2);
      res.writeHead(200, { 'content-type': 'audio/pcm', 'request-id': `req-${requests.length}` });
      let at = 0;
      const step = () => {
        if (at >= pcm.length || res.destroyed) return void res.end();
        res.write(pcm.subarray(at, (at += 3_201)));
        setTimeout(step, o.chunkDelayMs ?? 1);
      };
      step();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
