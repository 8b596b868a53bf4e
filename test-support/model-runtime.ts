import {
  startFakeAnthropicServer,
  startFakeOpenAiServer,
  type FakeModelServer,
} from '../adapters/llm/testing';
import type { Runtime } from '../runtime/app';
import { DEMO_TENANT_FILE } from '../runtime/config';
import { createTestDatabase, type TestDatabase } from './test-database';
import { startTestRuntime } from './test-runtime';

/**
 * The demo tenant on its own test database with both model providers configured, pointed at the
 * local fake servers by base URL (the real SDKs): for the tests of what the runtime does with a
 * model. `stop()` stops the runtime, drops the database and closes the fakes.
 */
export interface ModelRuntime {
  rt: Runtime;
  db: TestDatabase;
  anthropic: FakeModelServer;
  openai: FakeModelServer;
  stop(): Promise<void>;
}

/** `llmTimeoutMs`: each model request's timeout (RATIBA_LLM_TIMEOUT_MS). */
export async function startModelRuntime(llmTimeoutMs: number): Promise<ModelRuntime> {
  const [anthropic, openai] = await Promise.all([
    startFakeAnthropicServer(),
    startFakeOpenAiServer(),
  ]);
  const db = await createTestDatabase();
  const rt = await startTestRuntime(db.url, {
    RATIBA_DEMO_TENANT: DEMO_TENANT_FILE,
    ANTHROPIC_API_KEY: 'sk-ant-fake',
    ANTHROPIC_BASE_URL: anthropic.url,
    OPENAI_API_KEY: 'sk-openai-fake',
    OPENAI_BASE_URL: openai.url,
    RATIBA_LLM_TIMEOUT_MS: String(llmTimeoutMs),
    RATIBA_REPLY_TIMEOUT_MS: '15000',
  });
  return {
    rt,
    db,
    anthropic,
    openai,
    stop: async () => {
      await rt.stop();
      await db.drop();
      await Promise.all([anthropic.close(), openai.close()]);
    },
  };
}
