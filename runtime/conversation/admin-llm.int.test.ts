/**
 * The owner's side with both model providers configured, pointed at the local fake servers by
 * base URL (the real SDKs): an owner's free-text message the parser cannot read is rewritten
 * by the model and carried out like a typed command; an escalation reaches the owner with the
 * model's summary of the customer's conversation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeModelCall, FakeModelServer } from '../../adapters/llm/testing';
import type { Runtime } from '../app';
import { extractAnswer } from '../../test-support/llm-router-kit';
import { startModelRuntime, type ModelRuntime } from '../../test-support/model-runtime';
import { eventually, simulate } from '../../test-support/test-runtime';

const OWNER = '+254700000001';
const CUSTOMER = '+254712000777';
const FREE_TEXT = 'please keep the whole place shut on friday afternoon, we have a staff meeting';
const SUMMARY = 'Wants braids on Saturday and asks to speak to the owner about the price.';

let model: ModelRuntime;
let rt: Runtime;
let anthropic: FakeModelServer;
let openai: FakeModelServer;

function answer(call: FakeModelCall): unknown {
  if (call.toolName === 'record_owner_command')
    return { language: 'en', command: 'block the salon Friday 2pm-5pm' };
  if (call.toolName === 'record_summary') return { summary: SUMMARY };
  if (call.toolName === 'send_reply') return { text: 'ok' };
  const human = /person|someone/.test(call.user);
  return extractAnswer({
    intent: human ? 'human' : 'book',
    service_ids: human ? [] : ['braids'],
    date: null,
    time: null,
  });
}

beforeAll(async () => {
  model = await startModelRuntime(1000);
  ({ rt, anthropic, openai } = model);
  for (const fake of [anthropic, openai]) fake.answerWith(answer);
}, 120_000);
afterAll(async () => {
  await model?.stop();
});

describe('the owner with a model configured', () => {
  it('reads free text through the model and asks to confirm the command it became', async () => {
    const r = await simulate(rt.http.url, { from: OWNER, text: FREE_TEXT });
    // The real clock: "Friday" is the coming one.
    expect(r.body.replies[0]?.text).toMatch(
      /^⛔ Block the salon Fri \d{1,2} \w{3} 14:00–17:00\nNo bookings are affected\. Go ahead\?$/,
    );
    const { rows } = await rt.db.query<{ task: string }>(
      `SELECT task FROM t_demo.llm_ledger WHERE task = 'admin_extract'`,
    );
    expect(rows.length).toBeGreaterThan(0);
    // A command the parser reads asks no model.
    const before = anthropic.calls.length;
    const agenda = await simulate(rt.http.url, { from: OWNER, text: 'no' });
    expect(agenda.body.replies[0]?.text).toBe('OK — nothing changed.');
    expect(anthropic.calls.filter((c) => c.toolName === 'record_owner_command')).toHaveLength(1);
    expect(anthropic.calls.length).toBe(before);
  });

  it("sends the owner the model's summary of an escalating customer's conversation", async () => {
    await simulate(rt.http.url, { from: CUSTOMER, text: 'I want braids on Saturday' });
    await simulate(rt.http.url, { from: CUSTOMER, text: 'can I talk to a person please' });
    await eventually(async () => {
      const { rows } = await rt.db.query<{ effects: string }>(
        `SELECT j.effects::text AS effects FROM t_demo.journal j
         WHERE j.thread_key LIKE 'a:%' AND j.effects::text LIKE '%Conversation: %'`,
      );
      return rows.some((r) => r.effects.includes(`Conversation: ${SUMMARY}`));
    }, 20_000);
    expect(anthropic.calls.some((c) => c.toolName === 'record_summary')).toBe(true);
  });
});
