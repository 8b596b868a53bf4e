/**
 * The pinned prompts as router jobs, without a router: what each job asks, how it checks an
 * answer, and what it says without one. (Routed through the fake servers: prompts.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import type { Understanding } from '../contract';
import { PARSER_UNDERSTANDING, demoProfile, extractAnswer } from '../test-support/llm-router-kit';
import { createLlmJobs } from './llm-jobs';

// Tuesday 2026-11-24 14:00 in Nairobi.
const NOW = Date.UTC(2026, 10, 24, 11, 0);
const tenant = demoProfile();
const jobs = createLlmJobs();

const extract = (text = 'I want a haircut tomorrow at 3pm') =>
  jobs.extract({ tenant, text, now: NOW, threadKey: 'c:1', fallback: () => PARSER_UNDERSTANDING });
const shape = (facts = 'Haircut: KES 800.\nMap: https://maps.example/x') =>
  jobs.shape({ tenant, intent: 'prices', language: 'en', facts });

describe('extract job', () => {
  it('asks with the tenant prefix, the pinned prompt and its version', () => {
    const job = extract();
    expect(job).toMatchObject({
      task: 'extract',
      tenant: 'demo',
      promptVersion: 'extract.v1+prefix.v1',
      threadKey: 'c:1',
    });
    expect(job.call).toMatchObject({
      tool: { name: 'record_understanding' },
      cacheKey: 'ratiba:demo:extract.v1+prefix.v1',
    });
    expect(job.call!.system.prefix).toContain('Salon Ratiba Demo');
    expect(job.call!.user).toContain('I want a haircut tomorrow at 3pm');
  });

  it('reads a valid answer into an Understanding', () => {
    expect(extract().validate(extractAnswer())).toEqual({
      ok: true,
      value: {
        language: 'en',
        intent: 'book',
        confidence: 0.9,
        serviceIds: ['haircut'],
        date: '2026-11-25',
        time: '15:00',
        source: 'llm',
      } satisfies Understanding,
    });
  });

  it('refuses an answer that fails the schema, naming the field', () => {
    expect(extract().validate(extractAnswer({ intent: 'dance' }))).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^intent: /) as unknown,
    });
  });

  it('drops ids that are not in the catalog and unknown staff', () => {
    const answer = extractAnswer({ service_ids: ['haircut', 'tattoo'], staff_id: 'bob' });
    const checked = extract().validate({ ...answer, any_staff: true });
    expect(checked.ok && checked.value).toMatchObject({ serviceIds: ['haircut'], anyStaff: true });
    expect(checked.ok && checked.value.staffId).toBeUndefined();
  });

  it('a message with no letters or digits has no model call', () => {
    expect(extract('  🙏🏾 ').call).toBeNull();
    expect(extract('2').call).not.toBeNull();
  });

  it('the last resort is "unknown" in the thread’s language', () => {
    const job = jobs.extract({
      tenant,
      text: 'hi',
      now: NOW,
      previousLanguage: 'sw',
      fallback: () => PARSER_UNDERSTANDING,
    });
    expect(job.lastResort()).toMatchObject({ intent: 'unknown', confidence: 0, language: 'sw' });
  });
});

describe('shape job', () => {
  it('keeps a reply that holds every price and link; the facts are the fallback', async () => {
    const job = shape();
    expect(job.promptVersion).toBe('shape.v1+prefix.v1');
    expect(job.validate({ text: 'KES 800 it is. https://maps.example/x' })).toEqual({
      ok: true,
      value: 'KES 800 it is. https://maps.example/x',
    });
    expect(await job.fallback()).toBe('Haircut: KES 800.\nMap: https://maps.example/x');
  });

  it('refuses a reply that lost a price or a link, and an empty one', () => {
    expect(shape().validate({ text: 'Cheap! https://maps.example/x' })).toEqual({
      ok: false,
      problem: 'the reply lost KES 800',
    });
    expect(shape().validate({ text: ' ' }).ok).toBe(false);
  });

  it('both tasks start with the same tenant prefix', () => {
    expect(shape().call!.system.prefix).toBe(extract().call!.system.prefix);
  });
});
