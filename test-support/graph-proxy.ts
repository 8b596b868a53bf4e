import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One base URL in front of several fakes: picks the upstream per request. */
export async function startGraphProxy(
  upstream: (auth: string | undefined, path: string) => string,
): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const target = new URL(req.url ?? '/', upstream(req.headers.authorization, req.url ?? '/'));
    const out = request(
      target,
      { method: req.method, headers: { ...req.headers, host: target.host } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    out.on('error', () => res.writeHead(502).end());
    req.pipe(out);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
