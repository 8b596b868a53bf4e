import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verifyHandshake } from './verify';

interface VerifyFixture {
  request: { query: Record<string, string> };
  configured_verify_token: string;
  expected_response_when_token_matches: { status: number; body: string };
  expected_response_when_token_mismatch: { status: number };
}

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/verify-request.json', import.meta.url), 'utf8'),
) as VerifyFixture;
const query = fixture.request.query;
const token = fixture.configured_verify_token;

describe('verifyHandshake', () => {
  it('answers the challenge when the token matches', () => {
    const expected = fixture.expected_response_when_token_matches;
    expect(verifyHandshake(query, token)).toEqual({
      ok: true,
      status: expected.status,
      contentType: 'text/plain',
      body: expected.body,
    });
  });

  it('refuses a wrong token with 403', () => {
    const result = verifyHandshake({ ...query, 'hub.verify_token': 'guess' }, token);
    expect(result).toEqual({
      ok: false,
      status: fixture.expected_response_when_token_mismatch.status,
      reason: 'token_mismatch',
    });
  });

  it.each([
    ['no token', { 'hub.mode': 'subscribe', 'hub.challenge': '1' }, 'token_mismatch'],
    ['a token prefix', { ...query, 'hub.verify_token': token.slice(0, -1) }, 'token_mismatch'],
    ['another mode', { ...query, 'hub.mode': 'unsubscribe' }, 'wrong_mode'],
    ['no challenge', { 'hub.mode': 'subscribe', 'hub.verify_token': token }, 'missing_challenge'],
  ])('refuses %s', (_, q, reason) => {
    expect(verifyHandshake(q, token)).toMatchObject({ ok: false, status: 403, reason });
  });

  it('refuses every handshake when no token is configured', () => {
    expect(verifyHandshake(query, undefined)).toMatchObject({ ok: false, reason: 'unconfigured' });
    expect(verifyHandshake({ ...query, 'hub.verify_token': '' }, '')).toMatchObject({
      ok: false,
      reason: 'unconfigured',
    });
  });

  it('takes the first value of a repeated query parameter', () => {
    const result = verifyHandshake({ ...query, 'hub.challenge': ['42', '43'] }, token);
    expect(result).toMatchObject({ ok: true, body: '42' });
  });
});
