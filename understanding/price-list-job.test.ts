/**
 * The price-list reader's job through the router, the real `@anthropic-ai/sdk` and `openai` SDKs
 * and the fake servers, which check the image arrives in each API's wire shape (Anthropic: an
 * `image` block with a base64 source before the text; OpenAI: an `image_url` part with a data
 * URL) and answer in the recorded shape. Catches: an image sent as text or in the wrong shape, a
 * type that lies about the bytes, a garbage answer taken as a price list.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAnthropicProvider,
  createLlmRouter,
  createOpenAiProvider,
  MemoryLedgerSink,
  type LlmProvider,
} from '../adapters/llm';
import {
  startFakeAnthropicServer,
  startFakeOpenAiServer,
  type FakeModelServer,
} from '../adapters/llm/testing';
import { priceListJob } from './price-list-job';

const PHOTO = readFileSync(join(import.meta.dirname, '../runtime/tenancy/fixtures/price-list.jpg'));
const READING = {
  is_price_list: true,
  currency: 'KES',
  services: [
    { name: 'Gel polish', name_sw: null, category: 'Nails', price: '1,200', duration: '45 min' },
  ],
};

const job = (mediaType: 'image/jpeg' | 'image/png' = 'image/jpeg') =>
  priceListJob({
    tenant: { slug: 'demo', name: 'Salon Demo' },
    serviceNames: ['Haircut'],
    image: { mediaType, base64: PHOTO.toString('base64') },
    caption: 'new prices from Monday',
  });

let anthropic: FakeModelServer;
let openai: FakeModelServer;
beforeAll(async () => {
  anthropic = await startFakeAnthropicServer();
  openai = await startFakeOpenAiServer();
});
afterAll(async () => {
  await anthropic.close();
  await openai.close();
});

const routerOver = (...providers: LlmProvider[]) =>
  createLlmRouter({ providers, ledger: new MemoryLedgerSink(), sleep: async () => {} });
const viaAnthropic = () =>
  createAnthropicProvider({ apiKey: 'sk-ant-fake', baseURL: anthropic.url, timeoutMs: 5000 });
const viaOpenAi = () =>
  createOpenAiProvider({ apiKey: 'sk-openai-fake', baseURL: openai.url, timeoutMs: 5000 });

describe('price_list_vision through the real SDKs', () => {
  it('Anthropic: the photo goes as a base64 image block and the rows come back', async () => {
    anthropic.answerWith(() => READING);
    const r = await routerOver(viaAnthropic()).route(job());
    expect(r.source).toBe('anthropic');
    expect(r.value).toEqual({
      kind: 'read',
      currency: 'KES',
      rows: [
        { name: 'Gel polish', nameSw: null, category: 'Nails', price: '1,200', duration: '45 min' },
      ],
    });
    const call = anthropic.calls.at(-1)!;
    const content = (call.body.messages as { content: { type: string }[] }[])[0]!.content;
    expect(content.map((b) => b.type)).toEqual(['image', 'text']);
    expect(call.images[0]!.bytes.equals(PHOTO)).toBe(true);
    expect(call.user).toContain('new prices from Monday');
  });

  it('OpenAI: the photo goes as an image_url data URL under a strict schema', async () => {
    openai.answerWith(() => READING);
    const r = await routerOver(viaOpenAi()).route(job());
    expect(r.source).toBe('openai');
    expect(r.value.kind).toBe('read');
    const call = openai.calls.at(-1)!;
    const messages = call.body.messages as { role: string; content: unknown }[];
    const parts = messages.find((m) => m.role === 'user')!.content as { type: string }[];
    expect(parts.map((p) => p.type)).toEqual(['text', 'image_url']);
    expect(call.images[0]).toMatchObject({ mediaType: 'image/jpeg' });
  });

  it('a type that lies about the bytes is refused by the API (400), so nothing is read', async () => {
    const r = await routerOver(viaAnthropic()).route(job('image/png'));
    expect(r.value).toEqual({ kind: 'unread' });
    expect(r.failures).toEqual(['bad_request']);
  });

  it('garbage and broken answers are no reading; the next provider is asked', async () => {
    anthropic.answerWith(() => ({ services: [{ name: 'x' }] }));
    openai.script({ kind: 'invalid_json' });
    const r = await routerOver(viaAnthropic(), viaOpenAi()).route(job());
    expect(r.value).toEqual({ kind: 'unread' });
    expect(r.failures).toEqual(['invalid_output', 'invalid_output']);
  });

  it('"not a price list" is an answer, not a failure', async () => {
    anthropic.answerWith(() => ({ is_price_list: false, currency: null, services: [] }));
    const r = await routerOver(viaAnthropic()).route(job());
    expect(r.value).toEqual({ kind: 'not_a_price_list' });
  });
});
