import { describe, expect, it } from 'vitest';
import { resolveInside } from './static-files';

describe('resolveInside', () => {
  const root = '/srv/build';

  it('maps URL paths to files under the root', () => {
    expect(resolveInside(root, '/')).toBe('/srv/build/index.html');
    expect(resolveInside(root, '/_app/immutable/a.js')).toBe('/srv/build/_app/immutable/a.js');
    expect(resolveInside(root, '/caf%C3%A9.png')).toBe('/srv/build/café.png');
  });

  it('refuses traversal, encoded separators, NUL bytes and dotfiles', () => {
    for (const bad of [
      '/../etc/passwd',
      '/%2e%2e/etc/passwd',
      '/a/%2e%2e/%2e%2e/secret',
      '/..%2fpackage.json',
      '/%5c..%5csecret',
      '/index.html%00.png',
      '/.env',
      '/%E0%A4%A',
    ]) {
      expect(resolveInside(root, bad), bad).toBeNull();
    }
  });
});
