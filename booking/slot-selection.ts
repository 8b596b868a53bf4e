/**
 * Which of a day's free starts to offer. A customer who asked for 10:00 wants 10:00, else the
 * nearest times; one who asked for "Friday" wants a choice across the day, not three starts a
 * quarter of an hour apart; one who asked for nothing wants the soonest.
 */
import { assertNever } from '../contract';
import type { CatalogStaff } from './types';

export interface Candidate {
  startMs: number;
  /** Wall-clock minutes since midnight in the tenant's zone. */
  minute: number;
  date: string;
  staff: CatalogStaff;
}

export type SelectionMode =
  | { kind: 'nearest'; targetMin: number }
  | { kind: 'spread' }
  | { kind: 'soonest'; minGapMs: number };

export function selectionMode(opts: {
  targetMin: number | undefined;
  spread: boolean;
  minGapMs: number;
}): SelectionMode {
  if (opts.targetMin !== undefined) return { kind: 'nearest', targetMin: opts.targetMin };
  return opts.spread ? { kind: 'spread' } : { kind: 'soonest', minGapMs: opts.minGapMs };
}

/** Nearest to the target time first; of two equally near, the later (people run late). */
function nearest(candidates: Candidate[], targetMin: number, n: number): Candidate[] {
  return [...candidates]
    .sort((a, b) => {
      const d = Math.abs(a.minute - targetMin) - Math.abs(b.minute - targetMin);
      return d !== 0 ? d : b.minute - a.minute;
    })
    .slice(0, n);
}

/** n starts evenly spread over the day's free starts (first and last included), in time order. */
function spread(candidates: Candidate[], n: number): Candidate[] {
  if (candidates.length <= n) return candidates;
  if (n === 1) return candidates.slice(0, 1);
  const picked: Candidate[] = [];
  for (let i = 0; i < n; i++) {
    picked.push(candidates[Math.round((i * (candidates.length - 1)) / (n - 1))]!);
  }
  return picked;
}

/** The soonest starts, each at least minGapMs after the one before (also across days). */
function soonest(
  candidates: Candidate[],
  minGapMs: number,
  n: number,
  previous: Candidate | undefined,
): Candidate[] {
  const picked: Candidate[] = [];
  let last = previous?.startMs ?? -Infinity;
  for (const c of candidates) {
    if (picked.length >= n) break;
    if (c.startMs - last < minGapMs) continue;
    picked.push(c);
    last = c.startMs;
  }
  return picked;
}

/** Up to n of one day's candidates (sorted by start), in the order they should be offered. */
export function pickSlots(
  candidates: Candidate[],
  mode: SelectionMode,
  n: number,
  previous: Candidate | undefined,
): Candidate[] {
  if (n <= 0 || candidates.length === 0) return [];
  switch (mode.kind) {
    case 'nearest':
      return nearest(candidates, mode.targetMin, n);
    case 'spread':
      return spread(candidates, n);
    case 'soonest':
      return soonest(candidates, mode.minGapMs, n, previous);
    default:
      return assertNever(mode, 'selection mode');
  }
}
