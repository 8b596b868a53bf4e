import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { strictSchemaProblem } from '../adapters/llm/testing';
import { demoProfile, startRouterKit, type RouterKit } from '../test-support/llm-router-kit';
import { createAdminParser } from './admin';
import { adminExtractJob, escalationSummaryJob } from './admin-llm-jobs';
import { PINNED_PROMPTS } from './prompts';

/**
 * The owner's model calls through the real router and the real SDKs against the local fake
 * Anthropic and OpenAI servers: the parser reads first, the model only rewrites what it could
 * not read, and whatever the model says is read by the parser again.
 */
const NOW = Date.parse('2026-11-18T10:00:00+03:00'); // Wednesday
const ctx = { now: NOW, timezone: 'Africa/Nairobi' };
const tenant = demoProfile();
const parser = createAdminParser({
  services: tenant.services.map((s) => ({ id: s.id, names: [...s.names] })),
  staff: [...tenant.staff],
  serviceNames: { haircut: 'Haircut', braids: 'Box braids', manicure: 'Manicure' },
});
const FREE_TEXT = 'please keep the whole place shut on friday afternoon, we have a staff meeting';

let kit: RouterKit;
beforeEach(async () => {
  kit = await startRouterKit();
});
afterEach(() => kit.close());

const extract = (text: string) =>
  kit.router.route(adminExtractJob({ tenant, parser, text, ctx, threadKey: 'a:1' }));

describe('admin_extract', () => {
  it('asks no model when the parser reads the command', async () => {
    const r = await extract('bookings tomorrow');
    expect(r.value).toEqual({ language: 'en', command: { type: 'agenda', date: '2026-11-19' } });
    expect(kit.anthropic.calls).toHaveLength(0);
    expect(kit.ledger.entries).toHaveLength(0);
  });

  it('has the model rewrite free text into a command the parser then reads', async () => {
    expect(parser.parse(FREE_TEXT, ctx).command).toEqual({ type: 'unknown' });
    kit.anthropic.script({
      kind: 'answer',
      input: { language: 'en', command: 'block the salon Friday 2pm-5pm' },
    });
    const r = await extract(FREE_TEXT);
    expect(r.value.command).toEqual({
      type: 'block',
      staffId: null,
      date: '2026-11-20',
      from: '14:00',
      to: '17:00',
    });
    const call = kit.anthropic.calls[0]!;
    expect(call.toolName).toBe('record_owner_command');
    expect(call.user).toContain(FREE_TEXT);
    expect(call.user).toContain('Today is 2026-11-18');
    expect(kit.ledger.entries[0]).toMatchObject({ task: 'admin_extract', provider: 'anthropic' });
    expect(strictSchemaProblem(PINNED_PROMPTS.admin_extract.OUTPUT_SCHEMA)).toBeNull();
  });

  it('cannot invent a staff member: the parser refuses the name', async () => {
    kit.anthropic.script({
      kind: 'answer',
      input: { language: 'en', command: 'commission for Zelda this month' },
    });
    const r = await extract('how much does aminah get this month then');
    expect(r.value.command).toEqual({
      type: 'problem',
      problem: 'unknown_staff',
      word: 'zelda',
    });
  });

  it('fails over to OpenAI, and with no model at all the reading stays unknown', async () => {
    kit.anthropic.failAll({ kind: 'server_error' });
    kit.openai.script({ kind: 'answer', input: { language: 'sw', command: 'help' } });
    expect((await extract('nisaidie tafadhali boss')).value).toEqual({
      language: 'sw',
      command: { type: 'help' },
    });
    kit.openai.failAll({ kind: 'server_error' });
    const r = await extract(FREE_TEXT);
    expect(r.value.command).toEqual({ type: 'unknown' });
  });
});

describe('escalation_summary', () => {
  const said = ['Hi', 'Can I get braids on Saturday morning with Amina? Is it 3500?', 'hello??'];
  const summary = () =>
    kit.router.route(
      escalationSummaryJob({
        tenant,
        messages: said,
        fallback: said.join(' / '),
        threadKey: 'c:9',
      }),
    );

  it("sums up the customer's messages for the owner", async () => {
    kit.anthropic.script({
      kind: 'answer',
      input: {
        summary: 'Wants box braids with Amina on Saturday morning; asks if it is KES 3,500.',
      },
    });
    expect((await summary()).value).toBe(
      'Wants box braids with Amina on Saturday morning; asks if it is KES 3,500.',
    );
    expect(kit.anthropic.calls[0]!.user).toContain('Is it 3500?');
    expect(kit.ledger.entries[0]).toMatchObject({ task: 'escalation_summary' });
  });

  it('falls back to the deterministic summary when no model answers or the answer is too long', async () => {
    kit.anthropic.failAll({ kind: 'overloaded' });
    kit.openai.answerWith(() => ({ summary: 'x'.repeat(500) }));
    expect((await summary()).value).toBe(said.join(' / '));
  });
});
