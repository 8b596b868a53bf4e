/**
 * Commission rules declared in the tenant file (`commission_rules:`), synced by `ratiba tenant
 * apply` inside its transaction: the file's rules replace the file's rules; rules an admin made
 * stay. The database's CHECKs have the last word (staff XOR category, tiers for `tiered`).
 */
import { z } from 'zod';
import type { Queryable } from '../../contract';
import { ident, type TenantSchema } from '../../contract';

const day = z.iso.date();

export const commissionRuleFileSchema = z
  .object({
    staff: z.string().optional(),
    category: z.string().optional(),
    kind: z.enum(['pct', 'fixed', 'tiered']),
    /** pct: percent, e.g. 10 or 12.5 */
    pct: z.number().min(0).max(100).optional(),
    /** fixed: KES per appointment */
    fixed_kes: z.number().min(0).optional(),
    tiers: z
      .array(z.object({ from_kes: z.number().min(0), pct: z.number().min(0).max(100) }))
      .optional(),
    valid_from: day,
    valid_to: day.optional(),
  })
  .refine(
    (r) => (r.staff === undefined) !== (r.category === undefined),
    'give staff or category, not both',
  )
  .refine(
    (r) =>
      (r.kind === 'pct' && r.pct !== undefined) ||
      (r.kind === 'fixed' && r.fixed_kes !== undefined) ||
      (r.kind === 'tiered' && (r.tiers?.length ?? 0) > 0),
    'pct needs pct, fixed needs fixed_kes, tiered needs tiers',
  );

export type CommissionRuleFile = z.infer<typeof commissionRuleFileSchema>;

export async function syncCommissionRules(
  q: Queryable,
  schema: TenantSchema,
  rules: readonly CommissionRuleFile[],
): Promise<void> {
  const s = ident(schema);
  await q.query(`DELETE FROM ${s}.commission_rules WHERE source = 'file'`);
  for (const r of rules) {
    const rate =
      r.kind === 'pct'
        ? Math.round((r.pct ?? 0) * 100)
        : r.kind === 'fixed'
          ? Math.round((r.fixed_kes ?? 0) * 100)
          : null;
    const tiers =
      r.kind === 'tiered'
        ? JSON.stringify(
            r.tiers!.map((t) => ({
              from_kes_minor: Math.round(t.from_kes * 100),
              bps: Math.round(t.pct * 100),
            })),
          )
        : null;
    await q.query(
      `INSERT INTO ${s}.commission_rules (staff_id, service_category, kind, rate, tiers, valid_from, valid_to, source)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, 'file')`,
      [r.staff ?? null, r.category ?? null, r.kind, rate, tiers, r.valid_from, r.valid_to ?? null],
    );
  }
}

/** The tenant-apply hook (runtime/tenant-setup.ts): the file's rules, in apply's transaction. */
export function commissionRulesHook(
  tx: Queryable,
  schema: TenantSchema,
  file: { commission_rules?: readonly CommissionRuleFile[] },
): Promise<void> {
  return syncCommissionRules(tx, schema, file.commission_rules ?? []);
}
