import type { OutboundMessage } from '../../contract';
import type { Expect, ReplyExpect } from './scenario-schema';

/**
 * Matching replies against a scenario's expectations, and finding the button a `tap` means.
 * Every check returns the problems it found as sentences (empty: it holds), so a failing
 * scenario says what was expected next to what was said.
 */

/** `"/regex/flags"` is a regular expression; anything else a case-insensitive substring. */
export function compilePattern(pattern: string): (text: string) => boolean {
  const re = /^\/(.*)\/([dgimsuy]*)$/s.exec(pattern);
  if (re) {
    const regex = new RegExp(re[1]!, re[2]!.replace('g', ''));
    return (text) => regex.test(text);
  }
  const needle = pattern.toLowerCase();
  return (text) => text.toLowerCase().includes(needle);
}

export const matches = (pattern: string, text: string): boolean => compilePattern(pattern)(text);

export interface Choice {
  id: string;
  title: string;
  description?: string;
}

/** The buttons or list rows a reply offers. */
export function choicesOf(m: OutboundMessage): Choice[] {
  switch (m.kind) {
    case 'text':
      return [];
    case 'buttons':
      return m.buttons;
    case 'list':
      return m.sections.flatMap((s) => s.rows);
  }
}

/** One reply as a reader sees it: its text, then `[title]` for each button or row. */
export function describeReply(m: OutboundMessage): string {
  const choices = choicesOf(m);
  const text = m.text.length > 300 ? `${m.text.slice(0, 300)}… (${m.text.length} chars)` : m.text;
  return choices.length
    ? `${m.kind}: ${JSON.stringify(text)} ${choices.map((c) => `[${c.title} = ${c.id}]`).join(' ')}`
    : `${m.kind}: ${JSON.stringify(text)}`;
}

function replyHolds(e: ReplyExpect, m: OutboundMessage): boolean {
  if (typeof e === 'string') return matches(e, m.text);
  if (e.text !== undefined && !matches(e.text, m.text)) return false;
  if (e.kind !== undefined && e.kind !== m.kind) return false;
  const choices = choicesOf(m);
  return (e.buttons ?? []).every((b) =>
    choices.some(
      (c) =>
        matches(b, c.title) ||
        c.id === b ||
        (c.description !== undefined && matches(b, c.description)),
    ),
  );
}

const show = (e: ReplyExpect) => (typeof e === 'string' ? JSON.stringify(e) : JSON.stringify(e));

/** Problems with `replies` against `expect` (none: it holds). */
export function checkReplies(expect: Expect, replies: readonly OutboundMessage[]): string[] {
  const spec = Array.isArray(expect) ? { in_order: expect } : expect;
  const problems: string[] = [];
  if (spec.in_order) {
    if (spec.in_order.length !== replies.length)
      problems.push(`expected ${spec.in_order.length} replies, got ${replies.length}`);
    spec.in_order.forEach((e, i) => {
      const m = replies[i];
      if (m && !replyHolds(e, m)) problems.push(`reply ${i + 1} does not match ${show(e)}`);
    });
  }
  if (spec.count !== undefined && spec.count !== replies.length)
    problems.push(`expected ${spec.count} replies, got ${replies.length}`);
  for (const e of spec.any ?? [])
    if (!replies.some((m) => replyHolds(e, m))) problems.push(`no reply matches ${show(e)}`);
  for (const p of spec.not ?? []) {
    const i = replies.findIndex(
      (m) =>
        matches(p, m.text) || choicesOf(m).some((c) => matches(p, c.title) || matches(p, c.id)),
    );
    if (i >= 0) problems.push(`reply ${i + 1} matches ${JSON.stringify(p)}, which it must not`);
  }
  return problems;
}

/**
 * The button a tap means: the newest reply offering a choice whose title matches (exactly, then
 * case-insensitively) or whose id is `wanted`. Older replies are searched too, newest first, as
 * a customer scrolling up would find them: that is how a stale button gets tapped.
 */
export function findChoice(
  history: readonly OutboundMessage[],
  wanted: string,
): Choice | undefined {
  const tests: ((c: Choice) => boolean)[] = [
    (c) => c.title === wanted || c.id === wanted,
    (c) => c.title.toLowerCase() === wanted.toLowerCase(),
  ];
  for (const test of tests) {
    for (let i = history.length - 1; i >= 0; i--) {
      const hit = choicesOf(history[i]!).find(test);
      if (hit) return hit;
    }
  }
  return undefined;
}

/** `expect_each`: some one-to-one assignment of expectations to steps under which all hold. */
export function assignEach(
  expects: readonly Expect[],
  sent: readonly { customer: string; replies: OutboundMessage[] }[],
): string[] {
  const holds = sent.map((s) => expects.map((e) => checkReplies(e, s.replies).length === 0));
  const used = new Set<number>();
  const solve = (i: number): boolean => {
    if (i === sent.length) return true;
    for (let j = 0; j < expects.length; j++) {
      if (used.has(j) || !holds[i]![j]) continue;
      used.add(j);
      if (solve(i + 1)) return true;
      used.delete(j);
    }
    return false;
  };
  if (solve(0)) return [];
  return [
    `no way to pair the steps with ${JSON.stringify(expects)}; replies were:\n${sent
      .map((s) => `    ${s.customer}: ${s.replies.map(describeReply).join(' | ')}`)
      .join('\n')}`,
  ];
}

/** The replies of a turn sent with `awaitReply`; throws when it did not run or finish. */
export async function turnReplies(
  pending: Promise<{ status: string; replies: OutboundMessage[]; error?: string }> | undefined,
): Promise<OutboundMessage[]> {
  const result = await pending;
  if (!result) throw new Error('the event was a duplicate; nothing ran');
  if (result.status !== 'ok')
    throw new Error(
      `the turn did not finish: ${result.status}${result.error ? ` (${result.error})` : ''}`,
    );
  return result.replies;
}
