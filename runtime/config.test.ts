import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

describe('config', () => {
  it('defaults to the embedded database, simulator on, demo tenant, port 3000', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      simulatorEnabled: true,
      shardCount: 256,
    });
    expect(c.demoTenantFile).toMatch(/tenants\/demo\.yaml$/);
  });

  it('with DATABASE_URL the simulator and the demo are opt-in', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@h/db' });
    expect(c.simulatorEnabled).toBe(false);
    expect(c.demoTenantFile).toBeUndefined();
    expect(
      loadConfig({ DATABASE_URL: 'postgres://u@h/db', RATIBA_SIMULATOR: '1' }).simulatorEnabled,
    ).toBe(true);
  });

  it('prepares up to 500 statements per pool unless told otherwise (0: none)', () => {
    expect(loadConfig({}).preparedStatements).toBe(500);
    expect(loadConfig({ RATIBA_PREPARED_STATEMENTS: '0' }).preparedStatements).toBe(0);
    expect(() => loadConfig({ RATIBA_PREPARED_STATEMENTS: '-1' })).toThrow(
      /RATIBA_PREPARED_STATEMENTS/,
    );
  });

  it('keeps finished effects and events 14 days unless told otherwise (0: forever)', () => {
    expect(loadConfig({}).retentionMs).toBe(14 * 24 * 3600_000);
    expect(loadConfig({ RATIBA_RETENTION_DAYS: '0' }).retentionMs).toBe(0);
    expect(() => loadConfig({ RATIBA_RETENTION_DAYS: 'a week' })).toThrow(/RATIBA_RETENTION_DAYS/);
  });

  // Regression (issue 17): `NATS_URL=` (as compose and .env files write an unset value) was
  // refused, and `DATABASE_URL=` failed as an invalid URL instead of selecting the embedded one.
  it('takes an empty variable as unset', () => {
    const c = loadConfig({ NATS_URL: '', DATABASE_URL: '', REDIS_URL: '', PORT: '', HOST: '' });
    expect(c).toMatchObject({
      natsUrl: undefined,
      databaseUrl: undefined,
      redisUrl: undefined,
      port: 3000,
      host: undefined,
    });
    // Except the demo tenant, where empty explicitly means none.
    expect(loadConfig({ RATIBA_DEMO_TENANT: '' }).demoTenantFile).toBeUndefined();
  });

  it('sizes the pools from RATIBA_DB_POOL_MAX (the webhook pool gets half, at most 4)', () => {
    expect(loadConfig({})).toMatchObject({ dbPoolMax: 10, ingressPoolMax: 4 });
    expect(loadConfig({ RATIBA_DB_POOL_MAX: '3' })).toMatchObject({
      dbPoolMax: 3,
      ingressPoolMax: 2,
    });
    expect(() => loadConfig({ RATIBA_DB_POOL_MAX: '0' })).toThrow(/RATIBA_DB_POOL_MAX/);
  });

  it('fails naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ RATIBA_NODE_ID: 'a b' })).toThrow(/RATIBA_NODE_ID/);
  });

  it('Deepgram transcribes voice notes only with a key; its URL, model and timeout are checked', () => {
    expect(loadConfig({}).deepgram).toBeUndefined();
    expect(loadConfig({ DEEPGRAM_API_KEY: 'k' }).deepgram).toEqual({
      apiKey: 'k',
      model: 'nova-3',
      timeoutMs: 30_000,
    });
    expect(
      loadConfig({
        DEEPGRAM_API_KEY: 'k',
        DEEPGRAM_URL: 'http://127.0.0.1:9000',
        DEEPGRAM_MODEL: 'nova-2',
        DEEPGRAM_TIMEOUT_MS: '5000',
      }).deepgram,
    ).toEqual({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9000', model: 'nova-2', timeoutMs: 5000 });
    expect(() => loadConfig({ DEEPGRAM_URL: 'ftp://x' })).toThrow(/DEEPGRAM_URL/);
    expect(() => loadConfig({ DEEPGRAM_MODEL: 'Nova 3' })).toThrow(/DEEPGRAM_MODEL/);
    expect(() => loadConfig({ DEEPGRAM_TIMEOUT_MS: '0' })).toThrow(/DEEPGRAM_TIMEOUT_MS/);
  });
});
