/**
 * Live test of the price-list reader against the real APIs: each provider alone behind the
 * router reads the fixture photo (two printed rows: "Gel polish 45 min KES 1,200" and
 * "Haircut 1,000/="). Runs only with a key (ANTHROPIC_API_KEY / OPENAI_API_KEY, optionally
 * ANTHROPIC_MODEL / OPENAI_MODEL, which must be a model that takes images); without a key it is
 * skipped, and the skipped test's name says why.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryLedgerSink, createLlmRouter } from '../adapters/llm';
import { LIVE_PROVIDERS } from '../test-support/llm-router-kit';
import { priceListJob } from './price-list-job';

const PHOTO = readFileSync(join(import.meta.dirname, '../runtime/tenancy/fixtures/price-list.jpg'));

for (const p of LIVE_PROVIDERS) {
  const { hasKey } = p;
  describe(`live ${p.name}: price list photo`, () => {
    if (!hasKey) it.skip(`${p.key} is not set: live ${p.name} photo test skipped`, () => {});

    it.runIf(hasKey)('reads both printed rows of the photo', { timeout: 90_000 }, async () => {
      const router = createLlmRouter({
        providers: [p.make(60_000)],
        ledger: new MemoryLedgerSink(),
        timeoutMs: 60_000,
        deadlineMs: 80_000,
      });
      const r = await router.route(
        priceListJob({
          tenant: { slug: 'demo', name: 'Salon Demo' },
          serviceNames: ['Haircut'],
          image: { mediaType: 'image/jpeg', base64: PHOTO.toString('base64') },
        }),
      );
      expect(r.source).toBe(p.name);
      expect(r.value.kind).toBe('read');
      if (r.value.kind !== 'read') return;
      const byName = new Map(r.value.rows.map((row) => [row.name.toLowerCase(), row]));
      expect(byName.get('gel polish')?.price).toMatch(/1,?200/);
      expect(byName.get('gel polish')?.duration).toMatch(/45/);
      expect(byName.get('haircut')?.price).toMatch(/1,?000/);
    });
  });
}
