/** Test support for the LLM adapter (fake Anthropic and OpenAI servers); not part of its public surface. */
export { startFakeAnthropicServer } from './fake-anthropic-server';
export { startFakeOpenAiServer, strictSchemaProblem } from './fake-openai-server';
export { sniffImage, type FakeImage } from './fake-images';
export { SAMPLE_REQUEST } from './sample-request';
export {
  fixture,
  type Answerer,
  type FakeFailure,
  type FakeModelCall,
  type FakeModelServer,
  type FakeModelServerOptions,
  type FakeStep,
} from './fake-model-script';
