/**
 * Object storage for catalog photos and import drafts: S3/MinIO through `@aws-sdk/client-s3`
 * when a bucket is configured, files under the data directory otherwise.
 */
import { FileAssetStore } from './file-store';
import { DEFAULT_S3_STORE_OPTIONS, S3AssetStore, type S3StoreOptions } from './s3-store';
import type { AssetStore } from './asset-store';

export type StorageOptions =
  ({ kind: 's3' } & Partial<S3StoreOptions> & { bucket: string }) | { kind: 'files'; dir: string };

export function createAssetStore(options: StorageOptions): AssetStore {
  if (options.kind === 'files') return new FileAssetStore(options.dir);
  const { kind: _kind, ...s3 } = options;
  const defined = Object.fromEntries(Object.entries(s3).filter(([, v]) => v !== undefined));
  return new S3AssetStore({ ...DEFAULT_S3_STORE_OPTIONS, ...defined, bucket: options.bucket });
}

export {
  checkKey,
  type Asset,
  type AssetInfo,
  type AssetStore,
  type PutOptions,
} from './asset-store';
export { FileAssetStore } from './file-store';
export { DEFAULT_S3_STORE_OPTIONS, S3AssetStore, type S3StoreOptions } from './s3-store';
