/**
 * Catalog onboarding from a CSV price list against real Postgres: the console's upload and
 * `ratiba catalog import`. Catches: a bad line that still changes something (half-applied
 * imports), a running node that keeps offering the old catalog after an import, a dry run that
 * writes, an operator importing into a tenant that is not theirs.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../app';
import { startFakeS3, type FakeS3 } from '../../adapters/storage/testing';
import { createTestDatabase, type TestDatabase } from '../../test-support/test-database';
import { eventually, simulate, startTestRuntime } from '../../test-support/test-runtime';

const ROOT = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);

const GOOD = `Service,Duration,Price,Staff,Aliases
Gel polish,45,"KES 1,200",achieng,gel
Haircut,30,900,,
`;
const BAD = `Service,Duration,Price
Pedicure,45,950
Facial,sixty,2500
Waxing,30,free
`;

describe('catalog import (CSV)', () => {
  let tdb: TestDatabase;
  let rt: Runtime;
  let dir: string;
  let s3: FakeS3;
  const services = async () =>
    (
      await tdb.db.query<{ id: string; name_en: string; price_kes_minor: number; staff: string[] }>(
        `SELECT s.id, s.name_en, s.price_kes_minor,
           array(SELECT staff_id FROM t_demo.staff_services ss WHERE ss.service_id = s.id ORDER BY 1) AS staff
         FROM t_demo.services s ORDER BY s.id`,
      )
    ).rows;
  const upload = (csv: string, query = '', contentType = 'text/csv', tenant = 'demo') =>
    fetch(`${rt.http.url}/api/tenants/${tenant}/catalog/import${query}`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: csv,
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));

  beforeAll(async () => {
    tdb = await createTestDatabase();
    s3 = await startFakeS3();
    rt = await startTestRuntime(tdb.url, {
      RATIBA_DEMO_TENANT: join(ROOT, 'tenants/demo.yaml'),
      // Uploaded price lists are kept in object storage: here a local S3-compatible server.
      ...s3.env,
    });
    dir = mkdtempSync(join(tmpdir(), 'ratiba-csv-'));
  }, 60_000);
  afterAll(async () => {
    await rt?.stop();
    await Promise.all([tdb?.drop(), s3?.close()]);
  });

  it('a dry run says what would change and writes nothing', async () => {
    const before = await services();
    const r = await upload(GOOD, '?dry_run=1');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      applied: false,
      dryRun: true,
      counts: { create: 1, update: 1, unchanged: 0 },
    });
    expect(await services()).toEqual(before);
  });

  it('a file with bad lines is refused whole, every problem by line (422)', async () => {
    const before = await services();
    const r = await upload(BAD);
    expect(r.status).toBe(422);
    expect(r.body.applied).toBe(false);
    expect(s3.objects('ratiba-assets').size).toBe(0);
    expect(r.body.problems).toEqual([
      { line: 3, column: 'duration_min', message: 'not a duration in minutes: "sixty"' },
      { line: 4, column: 'price_kes', message: 'not a price in KES: "free"' },
    ]);
    // Pedicure's line was fine, but nothing half-applies.
    expect(await services()).toEqual(before);
  });

  it('applies a good file in one go, and the running node offers the new service at once', async () => {
    const r = await upload(GOOD);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ applied: true, counts: { create: 1, update: 1 } });
    const key = String(r.body.storedAs);
    expect(key).toMatch(/^t_demo\/catalog-imports\/.+\.csv$/);
    expect(s3.objects('ratiba-assets').get(key)?.body.toString()).toBe(GOOD);
    const rows = await services();
    expect(rows.find((s) => s.id === 'gel-polish')).toMatchObject({
      name_en: 'Gel polish',
      price_kes_minor: 120_000,
      staff: ['achieng'],
    });
    // Haircut: price changed, its staff left as they were (the file's staff cell is empty).
    expect(rows.find((s) => s.id === 'haircut')).toMatchObject({
      price_kes_minor: 90_000,
      staff: ['baraka', 'wanjiku'],
    });
    const catalog = await eventually(async () => {
      const c = (await (await fetch(`${rt.http.url}/api/tenants/demo/catalog`)).json()) as {
        services: { id: string }[];
      };
      return c.services.some((s) => s.id === 'gel-polish') ? c : undefined;
    });
    expect(catalog.services.length).toBeGreaterThan(5);
    // Regression: conversations read the menu from the registry's settings, not the services
    // table; an import that wrote only the table left customers offered the old list.
    const reply = await eventually(
      async () => {
        const res = await simulate(rt.http.url, {
          from: '+254700000111',
          text: 'I want gel polish',
        });
        const text = res.body.replies.map((x) => x.text).join('\n');
        return /gel polish/i.test(text) ? text : undefined;
      },
      15_000,
      500,
    );
    expect(reply).toMatch(/gel polish/i);
    // The same file again changes nothing.
    expect((await upload(GOOD)).body).toMatchObject({
      counts: { create: 0, update: 0, unchanged: 2 },
    });
  }, 60_000);

  it('refuses other content types and unknown tenants', async () => {
    expect((await upload(GOOD, '', 'application/json')).status).toBe(415);
    expect((await upload(GOOD, '', 'text/csv', 'nosuch')).status).toBe(404);
  });

  it('`ratiba catalog import` applies a file, and exits 1 naming the lines of a bad one', async () => {
    const env = { ...process.env, DATABASE_URL: tdb.url, RATIBA_LOG_LEVEL: 'silent' };
    const good = join(dir, 'good.csv');
    writeFileSync(good, 'Service,Duration,Price\nHot towel shave,20,500\n');
    const ok = await run(
      process.execPath,
      ['bin/ratiba.js', 'catalog', 'import', good, '--tenant', 'demo'],
      {
        cwd: ROOT,
        env,
      },
    );
    expect(ok.stdout).toMatch(/imported into demo: 1 new, 0 changed/);
    expect((await services()).some((s) => s.id === 'hot-towel-shave')).toBe(true);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, BAD);
    const failed = await run(
      process.execPath,
      ['bin/ratiba.js', 'catalog', 'import', bad, '--tenant', 'demo'],
      {
        cwd: ROOT,
        env,
      },
    ).catch((e: { code: number; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toMatch(
      /line 3 \(duration_min\): not a duration/,
    );
    expect((failed as { stderr: string }).stderr).toMatch(/line 4 \(price_kes\)/);
    expect((await services()).some((s) => s.id === 'pedicure' && s.name_en === 'Pedicure')).toBe(
      true,
    );
  }, 60_000);
});
