/**
 * A router wired to both fake servers through the real SDKs, with an in-memory ledger and a
 * recorded (instant) sleep, and the pinned prompts' jobs routed through it: for the router's own
 * tests, the prompts' and the runtime's.
 */
import { DEFAULT_PERSONALITY_DIALS, type PersonalityDials, type Understanding } from '../contract';
import {
  MemoryLedgerSink,
  createAnthropicProvider,
  createLlmRouter,
  createOpenAiProvider,
  type LlmProvider,
  type LlmRouter,
  type LlmRouterOptions,
  type Routed,
  type RouterEvent,
} from '../adapters/llm';
import {
  startFakeAnthropicServer,
  startFakeOpenAiServer,
  type FakeModelServer,
} from '../adapters/llm/testing';
import {
  createLlmJobs,
  type ExtractJobRequest,
  type ShapeJobRequest,
  type TenantProfile,
} from '../understanding';

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
    asides: [],
    soonest: false,
    shift: null,
    same_time: false,
    weeks_later: null,
    unknown_service: null,
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
  /** The extract job (understanding/llm-jobs.ts), routed. */
  extract(request: ExtractJobRequest): Promise<Routed<Understanding>>;
  /** The shape job, routed. */
  shape(request: ShapeJobRequest): Promise<Routed<string>>;
  close(): Promise<void>;
}

export async function startRouterKit(
  options: { timeoutMs?: number; router?: Partial<LlmRouterOptions> } = {},
): Promise<RouterKit> {
  const [anthropic, openai] = await Promise.all([
    startFakeAnthropicServer(),
    startFakeOpenAiServer(),
  ]);
  // Room for a cold first request on a loaded machine (300 ms made the first answer time out).
  const timeoutMs = options.timeoutMs ?? 1000;
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
  const jobs = createLlmJobs();
  return {
    anthropic,
    openai,
    ledger,
    router,
    sleeps,
    events,
    extract: (request) => router.route(jobs.extract(request)),
    shape: (request) => router.route(jobs.shape(request)),
    close: async () => {
      await Promise.all([anthropic.close(), openai.close()]);
    },
  };
}

/**
 * The real providers for live tests: each with its key (`ANTHROPIC_API_KEY` / `OPENAI_API_KEY`),
 * whether that key is set, and a factory honouring `ANTHROPIC_MODEL` / `OPENAI_MODEL`.
 */
export const LIVE_PROVIDERS = [
  {
    name: 'anthropic',
    key: 'ANTHROPIC_API_KEY',
    modelKey: 'ANTHROPIC_MODEL',
    create: createAnthropicProvider,
  },
  { name: 'openai', key: 'OPENAI_API_KEY', modelKey: 'OPENAI_MODEL', create: createOpenAiProvider },
].map((p) => {
  const model = process.env[p.modelKey];
  return {
    name: p.name,
    key: p.key,
    hasKey: Boolean(process.env[p.key]),
    make: (timeoutMs: number): LlmProvider =>
      p.create({ apiKey: process.env[p.key] ?? '', timeoutMs, ...(model ? { model } : {}) }),
  };
});
