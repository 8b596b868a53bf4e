import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { ProviderError } from '../../contract';
import { checkKey, checkMetadata, checkPrefix } from './asset-store';
import type { Asset, AssetInfo, AssetStore, PutOptions } from './asset-store';

export interface S3StoreOptions {
  /** S3-compatible endpoint (MinIO: http://minio:9000); AWS when unset. */
  endpoint?: string;
  bucket: string;
  region: string;
  /** Unset: the SDK's default credential chain (instance roles, AWS_* variables). */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Path-style URLs (`endpoint/bucket/key`): MinIO and most S3-compatible servers. */
  forcePathStyle: boolean;
  /** Deadline of one request. */
  timeoutMs: number;
}

export const DEFAULT_S3_STORE_OPTIONS = {
  region: 'us-east-1',
  forcePathStyle: true,
  timeoutMs: 20_000,
};

function failure(op: string, key: string, err: unknown): ProviderError {
  if (err instanceof S3ServiceException) {
    return new ProviderError('s3', `s3 ${op} ${key}: ${err.name}`, {
      status: err.$metadata.httpStatusCode,
      ...(err.$metadata.requestId ? { requestId: err.$metadata.requestId } : {}),
      cause: err,
    });
  }
  return new ProviderError('s3', `s3 ${op} ${key}: ${(err as Error).message}`, { cause: err });
}

/** No such object. A missing bucket (NoSuchBucket) is a configuration error, never "empty". */
const notFound = (err: unknown) =>
  err instanceof S3ServiceException && (err.name === 'NoSuchKey' || err.name === 'NotFound');

/** Assets in an S3 bucket through `@aws-sdk/client-s3` (AWS S3, MinIO, any S3-compatible store). */
export class S3AssetStore implements AssetStore {
  readonly kind = 's3';
  private readonly client: S3Client;

  constructor(private readonly options: S3StoreOptions) {
    this.client = new S3Client({
      region: options.region,
      forcePathStyle: options.forcePathStyle,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.accessKeyId && options.secretAccessKey
        ? {
            credentials: {
              accessKeyId: options.accessKeyId,
              secretAccessKey: options.secretAccessKey,
            },
          }
        : {}),
      // Checksums only where S3 requires them: S3-compatible servers differ on the newer ones.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: { requestTimeout: options.timeoutMs, connectionTimeout: 5000 },
      maxAttempts: 2,
    });
  }

  async put(key: string, body: Uint8Array, options: PutOptions): Promise<AssetInfo> {
    const metadata = checkMetadata(options.metadata);
    checkKey(key);
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.options.bucket,
          Key: key,
          Body: body,
          ContentType: options.contentType,
          ContentLength: body.byteLength,
          Metadata: metadata,
        }),
      );
    } catch (err) {
      throw failure('put', key, err);
    }
    return {
      key,
      size: body.byteLength,
      contentType: options.contentType,
      metadata,
      lastModified: new Date(),
    };
  }

  async head(key: string): Promise<AssetInfo | undefined> {
    checkKey(key);
    try {
      const r = await this.client.send(
        new HeadObjectCommand({ Bucket: this.options.bucket, Key: key }),
      );
      return infoOf(key, r, r.ContentLength ?? 0);
    } catch (err) {
      if (notFound(err)) return undefined;
      throw failure('head', key, err);
    }
  }

  async get(key: string): Promise<Asset | undefined> {
    checkKey(key);
    try {
      const r = await this.client.send(
        new GetObjectCommand({ Bucket: this.options.bucket, Key: key }),
      );
      const body = Buffer.from(await r.Body!.transformToByteArray());
      return { ...infoOf(key, r, body.length), body };
    } catch (err) {
      if (notFound(err)) return undefined;
      throw failure('get', key, err);
    }
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: key }));
    } catch (err) {
      throw failure('delete', key, err);
    }
  }

  async list(prefix: string): Promise<AssetInfo[]> {
    const out: AssetInfo[] = [];
    let token: string | undefined;
    checkPrefix(prefix);
    try {
      do {
        const r = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.options.bucket,
            Prefix: prefix,
            ...(token ? { ContinuationToken: token } : {}),
          }),
        );
        for (const o of r.Contents ?? []) {
          if (!o.Key) continue;
          // Listing carries no content type or metadata; HEAD only what callers need.
          out.push({
            key: o.Key,
            size: o.Size ?? 0,
            contentType: 'application/octet-stream',
            metadata: {},
            lastModified: o.LastModified ?? new Date(0),
          });
        }
        token = r.IsTruncated ? r.NextContinuationToken : undefined;
      } while (token);
    } catch (err) {
      throw failure('list', prefix, err);
    }
    return out;
  }

  close(): void {
    this.client.destroy();
  }
}

/** What a HEAD or GET answered about an object, as an `AssetInfo`. */
function infoOf(
  key: string,
  r: { ContentType?: string; Metadata?: Record<string, string>; LastModified?: Date },
  size: number,
): AssetInfo {
  return {
    key,
    size,
    contentType: r.ContentType ?? 'application/octet-stream',
    metadata: r.Metadata ?? {},
    lastModified: r.LastModified ?? new Date(0),
  };
}
