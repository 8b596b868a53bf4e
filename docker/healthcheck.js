// The image's HEALTHCHECK: healthy while GET /readyz answers 200 (database reachable, this
// node's shards held). Plain JavaScript, no dependencies: it runs in the runtime image.
const port = process.env.PORT || '3000';
const url = `http://127.0.0.1:${port}/readyz`;
try {
  const res = await fetch(url, { signal: AbortSignal.timeout(2500) });
  process.exit(res.status === 200 ? 0 : 1);
} catch {
  process.exit(1);
}
