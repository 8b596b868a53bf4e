/** Test support for the LLM adapter (fake Anthropic and OpenAI servers); not part of its public surface. */
export { startFakeAnthropicServer, type FakeAnthropicOptions } from './fake-anthropic-server';
export {
  startFakeOpenAiServer,
  strictSchemaProblem,
  type FakeOpenAiOptions,
} from './fake-openai-server';
export {
  fixture,
  type Answerer,
  type FakeFailure,
  type FakeModelCall,
  type FakeModelServer,
  type FakeStep,
} from './fake-model-script';
