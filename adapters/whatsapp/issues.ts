import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

export interface PayloadIssue {
  /** Dotted path into the payload, e.g. `entry.0.changes.0.value.messages.1.text.body`. */
  path: string;
  message: string;
}

/**
 * Flattens zod issues into readable lines. For a failed union it keeps the branch that got
 * furthest into the payload: a text message without `text.body` is reported as that, not as
 * "type is not an unknown type".
 */
export function payloadIssues(error: z.ZodError, max = 5): PayloadIssue[] {
  return flatten(error.issues, []).slice(0, max);
}

function flatten(issues: readonly Issue[], prefix: readonly PropertyKey[]): PayloadIssue[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const deepest = issue.errors.reduce((best, branch) =>
        depth(branch) > depth(best) ? branch : best,
      );
      return flatten(deepest, path);
    }
    return [{ path: path.map(String).join('.'), message: issue.message }];
  });
}

function depth(issues: readonly Issue[]): number {
  return Math.max(
    0,
    ...issues.map((i) => i.path.length + (i.code === 'invalid_union' ? 1 + deepestOf(i) : 0)),
  );
}

function deepestOf(issue: Issue & { code: 'invalid_union' }): number {
  return Math.max(0, ...issue.errors.map(depth));
}

export function describePayloadIssues(issues: readonly PayloadIssue[]): string {
  return issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ');
}
