import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AssetStore } from './asset-store';

/**
 * What every AssetStore does, run against the S3 store (through the fake S3 server) and the
 * file store alike: a caller cannot tell them apart.
 */
export function assetStoreConformance(
  name: string,
  open: () => Promise<{ store: AssetStore; close: () => Promise<void> }>,
): void {
  describe(`${name}: asset store conformance`, () => {
    let store: AssetStore;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ store, close } = await open());
    });
    afterAll(async () => close?.());

    it('puts and gets bytes with their content type and metadata', async () => {
      const body = Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x10, 0x80, 0x0a]);
      const put = await store.put(
        't_demo/catalog-photos/price list=1.jpg'.replace(' ', '-'),
        body,
        {
          contentType: 'image/jpeg',
          metadata: { tenant: 'demo', 'uploaded-by': '+254712345678' },
        },
      );
      expect(put.size).toBe(body.length);
      const got = await store.get('t_demo/catalog-photos/price-list=1.jpg');
      expect(got?.body.equals(body)).toBe(true);
      expect(got).toMatchObject({
        contentType: 'image/jpeg',
        size: body.length,
        metadata: { tenant: 'demo', 'uploaded-by': '+254712345678' },
      });
      const head = await store.head('t_demo/catalog-photos/price-list=1.jpg');
      expect(head).toMatchObject({ size: body.length, contentType: 'image/jpeg' });
      expect(head?.lastModified.getTime()).toBeGreaterThan(Date.now() - 60_000);
    });

    it('overwrites an object in place', async () => {
      await store.put('t_demo/drafts/d1.json', Buffer.from('{"v":1}'), {
        contentType: 'application/json',
      });
      await store.put('t_demo/drafts/d1.json', Buffer.from('{"v":2}'), {
        contentType: 'application/json',
      });
      expect((await store.get('t_demo/drafts/d1.json'))?.body.toString()).toBe('{"v":2}');
    });

    it('answers undefined for what is not there, and deleting it twice is fine', async () => {
      expect(await store.get('t_demo/nothing-here')).toBeUndefined();
      expect(await store.head('t_demo/nothing-here')).toBeUndefined();
      await store.put('t_demo/tmp/x.txt', Buffer.from('x'), { contentType: 'text/plain' });
      await store.delete('t_demo/tmp/x.txt');
      await store.delete('t_demo/tmp/x.txt');
      expect(await store.get('t_demo/tmp/x.txt')).toBeUndefined();
    });

    it('lists by prefix in key order, every page', async () => {
      for (const k of ['b', 'a', 'e', 'c', 'd']) {
        await store.put(`t_list/photos/${k}.png`, Buffer.from(k), { contentType: 'image/png' });
      }
      await store.put('t_list/other/z.png', Buffer.from('z'), { contentType: 'image/png' });
      const listed = await store.list('t_list/photos/');
      expect(listed.map((i) => i.key)).toEqual(
        ['a', 'b', 'c', 'd', 'e'].map((k) => `t_list/photos/${k}.png`),
      );
      expect(listed.every((i) => i.size === 1)).toBe(true);
      expect(await store.list('t_none/')).toEqual([]);
    });

    it('refuses keys that could escape (.., absolute, empty parts) and bad metadata', async () => {
      for (const key of ['../etc/passwd', '/abs', 't_demo//x', 't_demo/../x', 'a b', '']) {
        await expect(
          store.put(key, Buffer.from('x'), { contentType: 'text/plain' }),
          key,
        ).rejects.toMatchObject({
          code: 'bad_request',
        });
      }
      await expect(
        store.put('t_demo/m', Buffer.from('x'), {
          contentType: 'text/plain',
          metadata: { 'Bad Name': 'x' },
        }),
      ).rejects.toMatchObject({ code: 'bad_request' });
      await expect(
        store.put('t_demo/m', Buffer.from('x'), {
          contentType: 'text/plain',
          metadata: { n: 'caf\u00e9' },
        }),
      ).rejects.toMatchObject({ code: 'bad_request' });
    });

    it('keeps a 5 MB photo byte for byte', async () => {
      const big = Buffer.alloc(5 * 1024 * 1024);
      for (let i = 0; i < big.length; i += 4096) big[i] = i % 251;
      await store.put('t_demo/catalog-photos/big.jpg', big, { contentType: 'image/jpeg' });
      expect((await store.get('t_demo/catalog-photos/big.jpg'))?.body.equals(big)).toBe(true);
    });
  });
}
