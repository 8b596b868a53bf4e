import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAssetStore } from '.';
import { assetStoreConformance } from './asset-store.conformance';
import { FileAssetStore } from './file-store';

assetStoreConformance('files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ratiba-assets-'));
  return Promise.resolve({
    store: createAssetStore({ kind: 'files', dir }),
    close: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  });
});

describe('file store', () => {
  it('keeps objects as plain files under the directory, metadata apart, no temporary files left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ratiba-assets-'));
    try {
      const store = new FileAssetStore(dir);
      await store.put('t_demo/a.txt', Buffer.from('hello'), { contentType: 'text/plain' });
      expect(readdirSync(join(dir, 't_demo'))).toEqual(['a.txt']);
      expect(readdirSync(join(dir, '.meta', 't_demo'))).toEqual(['a.txt.json']);
      // The metadata tree is never listed as objects.
      expect((await store.list('')).map((i) => i.key)).toEqual(['t_demo/a.txt']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
