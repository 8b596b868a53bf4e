import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { signatureHeader, verifySignature } from './signature';

interface Vector {
  app_secret: string;
  raw_body: string;
  expected_header_value: string;
  tampered_raw_body: string;
}

const vector = JSON.parse(
  readFileSync(new URL('./fixtures/signature-vector.json', import.meta.url), 'utf8'),
) as Vector;
const body = Buffer.from(vector.raw_body, 'utf8');
const secret = vector.app_secret;
const good = vector.expected_header_value;

describe('verifySignature', () => {
  it('accepts the fixture vector, as bytes and as a string', () => {
    expect(verifySignature(body, good, secret)).toBe('ok');
    expect(verifySignature(vector.raw_body, good, secret)).toBe('ok');
    expect(verifySignature(body, [good], secret)).toBe('ok');
  });

  it('accepts upper-case hex and surrounding whitespace', () => {
    expect(verifySignature(body, `sha256=${good.slice(7).toUpperCase()}`, secret)).toBe('ok');
    expect(verifySignature(body, ` ${good} `, secret)).toBe('ok');
  });

  it('rejects a tampered body and a wrong secret as a mismatch', () => {
    expect(verifySignature(vector.tampered_raw_body, good, secret)).toBe('mismatch');
    expect(verifySignature(body, good, 'another_secret')).toBe('mismatch');
  });

  it('checks the raw bytes, not a re-serialisation of the JSON', () => {
    // Meta sends unicode-escaped JSON; JSON.stringify(JSON.parse(raw)) gives other bytes.
    const raw = '{"entry":[{"text":"Caf\\u00e9 \\ud83d\\ude00"}]}';
    const header = signatureHeader(raw, secret);
    expect(verifySignature(raw, header, secret)).toBe('ok');
    expect(verifySignature(JSON.stringify(JSON.parse(raw)), header, secret)).toBe('mismatch');
  });

  it.each([
    ['undefined', undefined],
    ['empty', ''],
    ['blank', '   '],
    ['empty list', []],
  ])('reports a %s header as missing', (_, header) => {
    expect(verifySignature(body, header, secret)).toBe('missing');
  });

  it.each([
    ['short hex', 'sha256=abc123'],
    ['too long', `${good}00`],
    ['non-hex of the right length', `sha256=${'z'.repeat(64)}`],
    ['no prefix', good.slice(7)],
    ['sha1 scheme', `sha1=${good.slice(7, 47)}`],
    ['prefix only', 'sha256='],
    ['two headers', [good, good]],
    ['odd length', `sha256=${'a'.repeat(63)}`],
  ])('reports %s as malformed without throwing', (_, header) => {
    expect(verifySignature(body, header, secret)).toBe('malformed');
  });

  it('refuses everything when no app secret is configured', () => {
    expect(verifySignature(body, good, undefined)).toBe('unconfigured');
    expect(verifySignature(body, good, '')).toBe('unconfigured');
  });

  it('signatureHeader reproduces the fixture vector', () => {
    expect(signatureHeader(body, secret)).toBe(good);
  });
});
