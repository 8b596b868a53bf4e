import { distance } from 'fastest-levenshtein';
import { z } from 'zod';

export interface UnknownKey {
  /** Dotted path of the unknown key, e.g. `services.0.duraton_min`. */
  path: string;
  /** The known key it most likely meant, when one is close. */
  suggestion?: string;
}

/** The schema under defaults, optionals, nullables and pipes. */
function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let s = schema;
  for (;;) {
    if (s instanceof z.ZodDefault || s instanceof z.ZodOptional || s instanceof z.ZodNullable)
      s = s.unwrap();
    else if (s instanceof z.ZodPipe) s = s.in;
    else return s;
  }
}

/** The closest of `known` to `key`, if it is close enough to be a typo. */
function closest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = distance(key.toLowerCase(), k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3))
    ? best
    : undefined;
}

/**
 * Keys of `value` that `schema` does not know, at any depth (objects, arrays, records), each with
 * the known key it most likely meant. Zod objects strip unknown keys silently, so a misspelled
 * `polcy:` would otherwise quietly leave the policy at its defaults.
 */
export function unknownKeys(
  schema: z.core.$ZodType,
  value: unknown,
  path: string[] = [],
): UnknownKey[] {
  const s = unwrap(schema);
  if (s instanceof z.ZodObject && isPlainObject(value)) {
    const shape = s.shape as Record<string, z.core.$ZodType>;
    const known = Object.keys(shape);
    return Object.entries(value).flatMap(([k, v]) => {
      const child = shape[k];
      if (child) return unknownKeys(child, v, [...path, k]);
      const suggestion = closest(k, known);
      return [{ path: [...path, k].join('.'), ...(suggestion ? { suggestion } : {}) }];
    });
  }
  if (s instanceof z.ZodArray && Array.isArray(value))
    return value.flatMap((v, i) => unknownKeys(s.element, v, [...path, String(i)]));
  if (s instanceof z.ZodRecord && isPlainObject(value))
    return Object.entries(value).flatMap(([k, v]) => unknownKeys(s.valueType, v, [...path, k]));
  return [];
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** `path: unknown key (did you mean "x"?)`. */
export const describeUnknownKey = (u: UnknownKey) =>
  `${u.path}: unknown key${u.suggestion ? ` (did you mean "${u.suggestion}"?)` : ''}`;
