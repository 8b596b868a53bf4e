/**
 * A router wired to both fake servers through the real SDKs, with an in-memory ledger and a
 * recorded (instant) sleep, for the adapter's own tests and the runtime's.
 */
import type { Understanding } from '../../../machines';
import { createAnthropicProvider } from '../anthropic-provider';
import { MemoryLedgerSink } from '../ledger';
import { createOpenAiProvider } from '../openai-provider';
import { DEFAULT_PERSONALITY_DIALS, type PersonalityDials } from '../../../contract/personality';
import type { TenantProfile } from '../../../understanding/prompts';
import {
  createLlmRouter,
  type LlmRouter,
  type LlmRouterOptions,
  type RouterEvent,
} from '../router';
import { startFakeAnthropicServer } from './fake-anthropic-server';
import type { FakeModelServer } from './fake-model-script';
import { startFakeOpenAiServer } from './fake-openai-server';

export function demoProfile(
  overrides: Partial<Omit<TenantProfile, 'dials'>> & { dials?: Partial<PersonalityDials> } = {},
): TenantProfile {
  return {
    slug: 'demo',
    name: 'Salon Ratiba Demo',
    timezone: 'Africa/Nairobi',
    services: [
      { id: 'haircut', names: ['Haircut', 'Kunyoa nywele', 'cut', 'trim'] },
      { id: 'braids', names: ['Box braids', 'Kusuka'] },
      { id: 'manicure', names: ['Manicure', 'Kucha za mikono'] },
    ],
    staff: [
      { id: 'amina', name: 'Amina' },
      { id: 'wanjiru', name: 'Wanjiru' },
    ],
    ...overrides,
    dials: { ...DEFAULT_PERSONALITY_DIALS, ...overrides.dials },
  };
}

/** What the embedded parser would say: distinguishable from any model answer in tests. */
export const PARSER_UNDERSTANDING: Understanding = {
  language: 'en',
  intent: 'unknown',
  confidence: 0.2,
  serviceIds: [],
  source: 'parser',
};

/** A valid `record_understanding` input. */
export function extractAnswer(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    language: 'en',
    intent: 'book',
    confidence: 0.9,
    service_ids: ['haircut'],
    staff_id: null,
    any_staff: false,
    date: '2026-11-25',
    time: '15:00',
    part_of_day: null,
    choice: null,
    topic: null,
    ...overrides,
  };
}

export interface RouterKit {
  anthropic: FakeModelServer;
  openai: FakeModelServer;
  ledger: MemoryLedgerSink;
  router: LlmRouter;
  /** Every wait the router asked for, in ms. */
  sleeps: number[];
  events: RouterEvent[];
  close(): Promise<void>;
}

export async function startRouterKit(
  options: { timeoutMs?: number; router?: Partial<LlmRouterOptions> } = {},
): Promise<RouterKit> {
  const [anthropic, openai] = await Promise.all([
    startFakeAnthropicServer(),
    startFakeOpenAiServer(),
  ]);
  const timeoutMs = options.timeoutMs ?? 300;
  const ledger = new MemoryLedgerSink();
  const sleeps: number[] = [];
  const events: RouterEvent[] = [];
  const router = createLlmRouter({
    providers: [
      createAnthropicProvider({ apiKey: 'sk-ant-fake', baseURL: anthropic.url, timeoutMs }),
      createOpenAiProvider({ apiKey: 'sk-openai-fake', baseURL: openai.url, timeoutMs }),
    ],
    ledger,
    timeoutMs,
    deadlineMs: 60_000,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    onEvent: (e) => events.push(e),
    ...options.router,
  });
  return {
    anthropic,
    openai,
    ledger,
    router,
    sleeps,
    events,
    close: async () => {
      await Promise.all([anthropic.close(), openai.close()]);
    },
  };
}
