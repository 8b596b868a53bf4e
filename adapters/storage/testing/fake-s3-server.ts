/**
 * A small S3-compatible server on port 0 for tests: path-style buckets and objects over the
 * S3 REST API (PutObject, GetObject, HeadObject, DeleteObject, ListObjectsV2, CreateBucket),
 * XML bodies and error documents as S3 writes them, and every request's SigV4 signature
 * checked against the configured keys. The real `@aws-sdk/client-s3` talks to it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sha256Hex, verifySigV4 } from './s3-sigv4';

interface StoredObject {
  body: Buffer;
  contentType: string;
  metadata: Record<string, string>;
  etag: string;
  lastModified: Date;
}

export interface FakeS3Options {
  accessKeyId: string;
  secretAccessKey: string;
  buckets: string[];
  /** ListObjectsV2 page size (S3: 1000); small in tests to exercise continuation. */
  maxKeys: number;
}

export interface FakeS3 {
  url: string;
  /** The S3_* variables that point a runtime at this fake and its first bucket. */
  env: Record<'S3_ENDPOINT' | 'S3_BUCKET' | 'S3_ACCESS_KEY_ID' | 'S3_SECRET_ACCESS_KEY', string>;
  readonly requests: { method: string; url: string }[];
  objects(bucket: string): Map<string, StoredObject>;
  /** The next `count` requests fail with this status and S3 error code (e.g. 503 SlowDown). */
  failNext(status: number, code: string, count?: number): void;
  close(): Promise<void>;
}

const xmlEscape = (s: string) =>
  s.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';

function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  resource: string,
): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/xml');
  res.end(
    `${XML_HEAD}<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message>` +
      `<Resource>${xmlEscape(resource)}</Resource><RequestId>${res.getHeader('x-amz-request-id') as string}</RequestId></Error>`,
  );
}

function objectHeaders(res: ServerResponse, o: StoredObject): void {
  res.setHeader('content-type', o.contentType);
  res.setHeader('content-length', o.body.length);
  res.setHeader('etag', o.etag);
  res.setHeader('last-modified', o.lastModified.toUTCString());
  for (const [k, v] of Object.entries(o.metadata)) res.setHeader(`x-amz-meta-${k}`, v);
}

function listXml(
  bucket: string,
  all: Map<string, StoredObject>,
  query: URLSearchParams,
  pageSize: number,
): string {
  const prefix = query.get('prefix') ?? '';
  const max = Math.min(Number(query.get('max-keys') ?? pageSize), pageSize);
  const after = query.get('continuation-token')
    ? Buffer.from(query.get('continuation-token')!, 'base64url').toString()
    : '';
  const keys = [...all.keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
  const page = keys.slice(0, max);
  const truncated = keys.length > page.length;
  const contents = page
    .map((k) => {
      const o = all.get(k)!;
      return `<Contents><Key>${xmlEscape(k)}</Key><LastModified>${o.lastModified.toISOString()}</LastModified><ETag>${xmlEscape(o.etag)}</ETag><Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
    })
    .join('');
  const next = truncated
    ? `<NextContinuationToken>${Buffer.from(page.at(-1)!).toString('base64url')}</NextContinuationToken>`
    : '';
  return `${XML_HEAD}<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${xmlEscape(bucket)}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>${contents}${next}</ListBucketResult>`;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function startFakeS3(options: Partial<FakeS3Options> = {}): Promise<FakeS3> {
  const o: FakeS3Options = {
    accessKeyId: 'test-access-key',
    secretAccessKey: 'test-secret-key',
    buckets: ['ratiba-assets'],
    maxKeys: 1000,
    ...options,
  };
  const secrets = new Map([[o.accessKeyId, o.secretAccessKey]]);
  const buckets = new Map(o.buckets.map((b) => [b, new Map<string, StoredObject>()]));
  const requests: { method: string; url: string }[] = [];
  const failures: { status: number; code: string }[] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const raw = req.url ?? '/';
    requests.push({ method, url: raw });
    res.setHeader('x-amz-request-id', randomBytes(8).toString('hex').toUpperCase());
    res.setHeader('server', 'FakeS3');
    const body = await readBody(req);
    const u = new URL(raw, 'http://s3.local');
    const [bucketName = '', ...rest] = u.pathname.slice(1).split('/');
    const key = rest.map(decodeURIComponent).join('/');
    const resource = decodeURIComponent(u.pathname);
    const auth = verifySigV4(method, raw, req.headers, secrets);
    if (!auth.ok) return sendError(res, 403, auth.code, auth.message, resource);
    const payloadHash = String(req.headers['x-amz-content-sha256'] ?? '');
    if (/^[0-9a-f]{64}$/.test(payloadHash) && sha256Hex(body) !== payloadHash) {
      return sendError(
        res,
        400,
        'XAmzContentSHA256Mismatch',
        'The provided x-amz-content-sha256 header does not match what was computed.',
        resource,
      );
    }
    const fail = failures.shift();
    if (fail) return sendError(res, fail.status, fail.code, 'injected failure', resource);
    if (!key) {
      if (method === 'PUT') {
        if (!buckets.has(bucketName)) buckets.set(bucketName, new Map());
        res.setHeader('location', `/${bucketName}`);
        return void res.end();
      }
      const bucket = buckets.get(bucketName);
      if (!bucket)
        return sendError(res, 404, 'NoSuchBucket', 'The specified bucket does not exist', resource);
      if (method === 'HEAD') return void res.end();
      if (method === 'GET' && u.searchParams.get('list-type') === '2') {
        res.setHeader('content-type', 'application/xml');
        return void res.end(listXml(bucketName, bucket, u.searchParams, o.maxKeys));
      }
      return sendError(res, 501, 'NotImplemented', 'not implemented by the fake', resource);
    }
    const bucket = buckets.get(bucketName);
    if (!bucket)
      return sendError(res, 404, 'NoSuchBucket', 'The specified bucket does not exist', resource);
    switch (method) {
      case 'PUT': {
        const metadata: Record<string, string> = {};
        for (const [h, v] of Object.entries(req.headers)) {
          if (h.startsWith('x-amz-meta-')) metadata[h.slice('x-amz-meta-'.length)] = String(v);
        }
        const etag = `"${createHash('md5').update(body).digest('hex')}"`;
        bucket.set(key, {
          body,
          contentType: String(req.headers['content-type'] ?? 'binary/octet-stream'),
          metadata,
          etag,
          lastModified: new Date(),
        });
        res.setHeader('etag', etag);
        return void res.end();
      }
      case 'GET':
      case 'HEAD': {
        const obj = bucket.get(key);
        if (!obj) {
          if (method === 'HEAD') {
            res.statusCode = 404;
            return void res.end();
          }
          return sendError(res, 404, 'NoSuchKey', 'The specified key does not exist.', resource);
        }
        objectHeaders(res, obj);
        return void res.end(method === 'GET' ? obj.body : undefined);
      }
      case 'DELETE':
        bucket.delete(key);
        res.statusCode = 204;
        return void res.end();
      default:
        return sendError(
          res,
          405,
          'MethodNotAllowed',
          'The specified method is not allowed against this resource.',
          resource,
        );
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    env: {
      S3_ENDPOINT: url,
      S3_BUCKET: o.buckets[0] ?? '',
      S3_ACCESS_KEY_ID: o.accessKeyId,
      S3_SECRET_ACCESS_KEY: o.secretAccessKey,
    },
    requests,
    objects: (b) => buckets.get(b) ?? new Map(),
    failNext: (status, code, count = 1) => {
      for (let i = 0; i < count; i++) failures.push({ status, code });
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
