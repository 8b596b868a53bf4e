import { RatibaError } from '../../contract';

/** What is known about a stored object. */
export interface AssetInfo {
  key: string;
  size: number;
  contentType: string;
  /** Small string metadata kept with the object (S3 user metadata: `x-amz-meta-*`). */
  metadata: Record<string, string>;
  lastModified: Date;
}

export interface Asset extends AssetInfo {
  body: Buffer;
}

export interface PutOptions {
  contentType: string;
  metadata?: Record<string, string>;
}

/**
 * Where catalog photos and import drafts are kept: S3/MinIO in a deployment, a directory under
 * the data dir in the embedded default. Keys are paths like `t_demo/catalog-photos/x.jpg`.
 * Failures of the store itself reject with a ProviderError (retryable unless a 4xx).
 */
export interface AssetStore {
  readonly kind: 's3' | 'files';
  put(key: string, body: Uint8Array, options: PutOptions): Promise<AssetInfo>;
  /** Undefined when there is no such object. */
  get(key: string): Promise<Asset | undefined>;
  head(key: string): Promise<AssetInfo | undefined>;
  /** Deleting what is not there is not an error (as in S3). */
  delete(key: string): Promise<void>;
  /** Every object whose key starts with `prefix`, in key order. */
  list(prefix: string): Promise<AssetInfo[]>;
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9/_.=-]{0,511}$/;
const META_NAME = /^[a-z0-9-]{1,64}$/;

/** Refuses keys that could escape a directory or that S3 and file systems treat differently. */
export function checkKey(key: string): string {
  if (
    !KEY.test(key) ||
    key.split('/').some((part) => part === '' || part === '.' || part === '..')
  ) {
    throw new RatibaError('bad_request', `invalid asset key ${JSON.stringify(key)}`, {
      public: true,
    });
  }
  return key;
}

export function checkPrefix(prefix: string): string {
  if (prefix !== '') checkKey(prefix.endsWith('/') ? prefix.slice(0, -1) : prefix);
  return prefix;
}

/** Metadata names are lowercase (S3 lowercases them), values printable ASCII (HTTP headers). */
export function checkMetadata(metadata: Record<string, string> = {}): Record<string, string> {
  let bytes = 0;
  for (const [k, v] of Object.entries(metadata)) {
    if (!META_NAME.test(k) || !/^[\x20-\x7e]*$/.test(v)) {
      throw new RatibaError('bad_request', `invalid asset metadata ${JSON.stringify(k)}`, {
        public: true,
      });
    }
    bytes += k.length + v.length;
  }
  // S3 allows 2 KB of user metadata.
  if (bytes > 2048)
    throw new RatibaError('bad_request', 'asset metadata over 2 KB', { public: true });
  return metadata;
}
