import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { checkKey, checkMetadata, checkPrefix } from './asset-store';
import type { Asset, AssetInfo, AssetStore, PutOptions } from './asset-store';

interface Sidecar {
  contentType: string;
  metadata: Record<string, string>;
}

const META_DIR = '.meta';

/**
 * Assets as files under one directory (the embedded default: `./data/assets`): the object at
 * `<dir>/<key>`, its content type and metadata beside it under `<dir>/.meta/<key>.json`. Writes
 * go to a temporary file renamed into place, so a reader never sees half an object.
 */
export class FileAssetStore implements AssetStore {
  readonly kind = 'files';

  constructor(readonly dir: string) {}

  private path(key: string): string {
    return join(this.dir, ...checkKey(key).split('/'));
  }

  private sidecar(key: string): string {
    return join(this.dir, META_DIR, ...`${key}.json`.split('/'));
  }

  private static async atomicWrite(path: string, data: Uint8Array | string): Promise<void> {
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(tmp, data);
    await rename(tmp, path);
  }

  async put(key: string, body: Uint8Array, options: PutOptions): Promise<AssetInfo> {
    const metadata = checkMetadata(options.metadata);
    const sidecar: Sidecar = { contentType: options.contentType, metadata };
    await FileAssetStore.atomicWrite(this.sidecar(key), JSON.stringify(sidecar));
    await FileAssetStore.atomicWrite(this.path(key), body);
    return (await this.head(key))!;
  }

  async head(key: string): Promise<AssetInfo | undefined> {
    const path = this.path(key);
    const st = await stat(path).catch(() => undefined);
    if (!st?.isFile()) return undefined;
    const side = await readFile(this.sidecar(key), 'utf8')
      .then((t) => JSON.parse(t) as Sidecar)
      .catch(() => ({ contentType: 'application/octet-stream', metadata: {} }));
    return {
      key,
      size: st.size,
      contentType: side.contentType,
      metadata: side.metadata,
      lastModified: st.mtime,
    };
  }

  async get(key: string): Promise<Asset | undefined> {
    const info = await this.head(key);
    if (!info) return undefined;
    const body = await readFile(this.path(key)).catch(() => undefined);
    return body ? { ...info, body, size: body.length } : undefined;
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
    await rm(this.sidecar(key), { force: true });
  }

  async list(prefix: string): Promise<AssetInfo[]> {
    checkPrefix(prefix);
    const keys: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const e of entries) {
        const full = join(dir, e.name);
        const key = relative(this.dir, full).split(sep).join('/');
        if (key === META_DIR || e.name.endsWith('.tmp')) continue;
        if (e.isDirectory()) await walk(full);
        else if (key.startsWith(prefix)) keys.push(key);
      }
    };
    await walk(this.dir);
    keys.sort();
    const infos = await Promise.all(keys.map((k) => this.head(k)));
    return infos.filter((i): i is AssetInfo => i !== undefined);
  }
}
