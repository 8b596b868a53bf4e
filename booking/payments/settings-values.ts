/**
 * Readers of a tenant's free-form settings and secrets (parsed YAML/JSON): a missing or
 * mistyped value reads as empty, never throws. Shared by the payment policy and the providers.
 */

/** `v` when it is a plain object, else an empty one. */
export const settingsObject = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** `v` trimmed when it is a non-blank string, else undefined. */
export const settingsText = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
