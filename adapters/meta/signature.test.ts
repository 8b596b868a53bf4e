import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMetaAdapter } from './index';

interface Vector {
  app_secret: string;
  raw_body: string;
  expected_header_value: string;
  tampered_raw_body: string;
}

const vector = (name: string) =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as Vector;

describe.each([
  ['messenger', 'messenger-signature-vector.json'],
  ['instagram', 'instagram-signature-vector.json'],
] as const)('%s webhook signature', (channel, file) => {
  const v = vector(file);
  const adapter = createMetaAdapter({ channel, appSecret: v.app_secret });

  it('accepts the vector over the raw bytes', () => {
    expect(adapter.verifySignature(Buffer.from(v.raw_body), v.expected_header_value)).toBe('ok');
  });

  it('rejects a tampered body and another secret', () => {
    expect(adapter.verifySignature(v.tampered_raw_body, v.expected_header_value)).toBe('mismatch');
    const other = createMetaAdapter({ channel, appSecret: 'rotated_secret' });
    expect(other.verifySignature(v.raw_body, v.expected_header_value)).toBe('mismatch');
  });

  it('tells missing from malformed', () => {
    expect(adapter.verifySignature(v.raw_body, undefined)).toBe('missing');
    expect(adapter.verifySignature(v.raw_body, 'sha256=1234')).toBe('malformed');
    expect(adapter.verifySignature(v.raw_body, `sha256=${'g'.repeat(64)}`)).toBe('malformed');
  });

  it('parses the signed body', () => {
    const parsed = adapter.parse(v.raw_body);
    expect(parsed.ok && parsed.items.length).toBe(1);
  });
});

describe('handshake', () => {
  it('answers the challenge for the configured token only', () => {
    const adapter = createMetaAdapter({ channel: 'instagram', verifyToken: 'ig-token' });
    const query = {
      'hub.mode': 'subscribe',
      'hub.challenge': '99',
      'hub.verify_token': 'ig-token',
    };
    expect(adapter.verifyHandshake(query)).toMatchObject({ ok: true, body: '99' });
    expect(adapter.verifyHandshake({ ...query, 'hub.verify_token': 'x' })).toMatchObject({
      ok: false,
      status: 403,
    });
  });
});
