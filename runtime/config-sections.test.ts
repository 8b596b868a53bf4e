import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

describe('storage configuration', () => {
  it('keeps assets under the data directory unless a bucket is set', () => {
    expect(loadConfig({ RATIBA_DATA_DIR: '/srv/ratiba' }).storage).toEqual({
      kind: 'files',
      dir: resolve('/srv/ratiba/assets'),
    });
  });

  it('uses S3/MinIO with a bucket: path-style by default, virtual-hosted with S3_FORCE_PATH_STYLE=0', () => {
    const env = {
      S3_ENDPOINT: 'http://minio:9000',
      S3_BUCKET: 'ratiba-assets',
      S3_ACCESS_KEY_ID: 'k',
      S3_SECRET_ACCESS_KEY: 's',
    };
    expect(loadConfig(env).storage).toEqual({
      kind: 's3',
      endpoint: 'http://minio:9000',
      bucket: 'ratiba-assets',
      region: 'us-east-1',
      accessKeyId: 'k',
      secretAccessKey: 's',
      forcePathStyle: true,
    });
    expect(loadConfig({ ...env, S3_FORCE_PATH_STYLE: '0' }).storage).toMatchObject({
      forcePathStyle: false,
    });
    // An empty variable (as .env files write them) means unset.
    expect(loadConfig({ ...env, S3_FORCE_PATH_STYLE: '' }).storage).toMatchObject({
      forcePathStyle: true,
    });
  });

  it('names the variable when the storage settings cannot work', () => {
    expect(() => loadConfig({ S3_ENDPOINT: 'http://minio:9000' })).toThrow(/S3_BUCKET/);
    expect(() => loadConfig({ S3_BUCKET: 'Bad_Bucket' })).toThrow(/S3_BUCKET/);
    expect(() => loadConfig({ S3_BUCKET: 'b', S3_ENDPOINT: 'ftp://x' })).toThrow(
      /S3_ENDPOINT|S3_BUCKET/,
    );
  });
});
