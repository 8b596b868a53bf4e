import { describe, expect, it } from 'vitest';
import { ProviderError } from '../../contract';
import { createAssetStore } from '.';
import { assetStoreConformance } from './asset-store.conformance';
import { S3AssetStore } from './s3-store';
import { startFakeS3 } from './testing';

const BUCKET = 'ratiba-assets';

// maxKeys 2: listing five objects takes three ListObjectsV2 pages.
assetStoreConformance('s3 (fake S3 server, real SDK)', async () => {
  const s3 = await startFakeS3({ maxKeys: 2 });
  const store = createAssetStore({
    kind: 's3',
    endpoint: s3.url,
    bucket: BUCKET,
    accessKeyId: 'test-access-key',
    secretAccessKey: 'test-secret-key',
  });
  return { store, close: () => s3.close() };
});

describe('s3 store', () => {
  const open = async (secret = 'test-secret-key') => {
    const s3 = await startFakeS3();
    const store = new S3AssetStore({
      endpoint: s3.url,
      bucket: BUCKET,
      region: 'us-east-1',
      accessKeyId: 'test-access-key',
      secretAccessKey: secret,
      forcePathStyle: true,
      timeoutMs: 5000,
    });
    return { s3, store };
  };

  it('speaks path-style S3 to the endpoint, signed (SigV4), with user metadata headers', async () => {
    const { s3, store } = await open();
    try {
      await store.put('t_demo/p.jpg', Buffer.from('x'), {
        contentType: 'image/jpeg',
        metadata: { source: 'console' },
      });
      expect(s3.requests.at(-1)?.method).toBe('PUT');
      expect(s3.requests.at(-1)?.url).toMatch(new RegExp(`^/${BUCKET}/t_demo/p\\.jpg(\\?|$)`));
      expect(s3.objects(BUCKET).get('t_demo/p.jpg')?.metadata).toEqual({ source: 'console' });
      await store.list('t_demo/');
      expect(s3.requests.at(-1)?.url).toMatch(
        new RegExp(`^/${BUCKET}/?\\?list-type=2&prefix=t_demo%2F`),
      );
    } finally {
      await s3.close();
    }
  });

  it('a wrong secret is a final 403 (SignatureDoesNotMatch), not retried', async () => {
    const { s3, store } = await open('not-the-secret');
    try {
      const err = await store
        .put('t_demo/x', Buffer.from('x'), { contentType: 'text/plain' })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProviderError);
      expect(err).toMatchObject({ status: 403, retryable: false, provider: 's3' });
      expect((err as Error).message).toMatch(/SignatureDoesNotMatch/);
      expect(s3.requests).toHaveLength(1);
    } finally {
      await s3.close();
    }
  });

  it('retries a 503 SlowDown once, then reports it as retryable', async () => {
    const { s3, store } = await open();
    try {
      s3.failNext(503, 'SlowDown');
      await store.put('t_demo/ok', Buffer.from('ok'), { contentType: 'text/plain' });
      expect(s3.objects(BUCKET).has('t_demo/ok')).toBe(true);
      s3.failNext(503, 'SlowDown', 2);
      await expect(store.get('t_demo/ok')).rejects.toMatchObject({ status: 503, retryable: true });
    } finally {
      await s3.close();
    }
  });

  it('a missing bucket is an error, not an empty answer', async () => {
    const { s3 } = await open();
    try {
      const store = createAssetStore({
        kind: 's3',
        endpoint: s3.url,
        bucket: 'no-such-bucket',
        accessKeyId: 'test-access-key',
        secretAccessKey: 'test-secret-key',
      });
      await expect(store.list('')).rejects.toMatchObject({ status: 404 });
      await expect(store.get('k')).rejects.toMatchObject({ status: 404 });
    } finally {
      await s3.close();
    }
  });

  it('the fake refuses unsigned requests like S3 (403 AccessDenied, XML error)', async () => {
    const { s3 } = await open();
    try {
      const r = await fetch(`${s3.url}/${BUCKET}/t_demo/x`);
      expect(r.status).toBe(403);
      expect(await r.text()).toMatch(/<Code>AccessDenied<\/Code>/);
    } finally {
      await s3.close();
    }
  });
});
