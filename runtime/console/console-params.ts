import { z } from 'zod';
import { publicError } from '../../contract';

/** Query parameters of the console's JSON API, validated; `parse` turns failures into 400s. */
const boolParam = z
  .enum(['1', '0', 'true', 'false'])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === '1' || v === 'true'));
export const listQuery = z.object({
  state: z
    .string()
    .regex(/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/)
    .max(200)
    .optional(),
  channel: z
    .string()
    .regex(/^[a-z]{2,20}$/)
    .optional(),
  needsHuman: boolParam,
  /** `me`: only the threads the asking operator has claimed. */
  assignee: z.literal('me').optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const journalQuery = z.object({
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  reveal: boolParam,
});
const dateParam = z.union([
  z.iso.date().transform((d) => Date.parse(`${d}T00:00:00Z`)),
  z.iso.datetime({ offset: true }).transform((d) => Date.parse(d)),
]);
export const bookingsQuery = z.object({ from: dateParam, to: dateParam });

export function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success) {
    throw publicError(
      'bad_request',
      r.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; '),
    );
  }
  return r.data;
}
