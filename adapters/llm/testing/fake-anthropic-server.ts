/**
 * A local fake of the Anthropic Messages API, `POST /v1/messages` (non-streaming): checks the
 * headers and body the way the API does (API key, anthropic-version, model, max_tokens,
 * messages, tools, tool_choice), answers with a `tool_use` block and `usage` (a simulated prompt
 * cache: a repeated tools + system prefix up to the last `cache_control` block is read from the
 * cache, a new one is written), and can be scripted to fail (429 with retry-after, 500, 529,
 * hang, broken JSON, no tool call, 401). Real-format bodies come from ../fixtures.
 */
import type { Reply } from '../../whatsapp/testing/recording-server';
import { anthropicContent } from './fake-images';
import { fakeId, fixture, isObj, startFakeModelServer, tokensOf } from './fake-model-script';
import type { FakeModelServerOptions, FakeProviderSpec, Obj } from './fake-model-script';

const requestId = () => ({ 'request-id': fakeId('req_011C') });

function error(status: number, type: string, message: string): Reply {
  const headers = requestId();
  return {
    status,
    headers,
    json: { type: 'error', error: { type, message }, request_id: headers['request-id'] },
  };
}

/** The request as the API would refuse it, or the call it describes. */
const readCall: FakeProviderSpec['readCall'] = (req, apiKey) => {
  // The API takes the key as `x-api-key` or as a bearer token (what SDK 1.x sends).
  if (req.headers['x-api-key'] !== apiKey && req.headers.authorization !== `Bearer ${apiKey}`)
    return error(401, 'authentication_error', 'invalid x-api-key');
  if (typeof req.headers['anthropic-version'] !== 'string')
    return error(400, 'invalid_request_error', 'anthropic-version: header is required');
  const body = req.json;
  if (!isObj(body)) return error(400, 'invalid_request_error', 'body: not a JSON object');
  if (typeof body.model !== 'string')
    return error(400, 'invalid_request_error', 'model: Field required');
  if (!Number.isInteger(body.max_tokens))
    return error(400, 'invalid_request_error', 'max_tokens: Field required');
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0)
    return error(400, 'invalid_request_error', 'messages: at least one message is required');
  const tools = Array.isArray(body.tools) ? body.tools.filter(isObj) : [];
  for (const t of tools) {
    if (typeof t.name !== 'string' || !isObj(t.input_schema) || t.input_schema.type !== 'object')
      return error(
        400,
        'invalid_request_error',
        'tools: each tool needs a name and an object input_schema',
      );
  }
  const choice = isObj(body.tool_choice) ? body.tool_choice : undefined;
  if (choice?.type === 'tool' && !tools.some((t) => t.name === choice.name))
    return error(400, 'invalid_request_error', `tool_choice: unknown tool ${String(choice.name)}`);
  const system = Array.isArray(body.system)
    ? body.system
        .filter(isObj)
        .map((b) => ({ text: String(b.text), cacheControl: isObj(b.cache_control) }))
    : typeof body.system === 'string'
      ? [{ text: body.system, cacheControl: false }]
      : [];
  const last = messages.at(-1) as Obj;
  const content = anthropicContent(last.content);
  if ('problem' in content) return error(400, 'invalid_request_error', content.problem);
  const named = choice?.name ?? tools[0]?.name;
  const toolName = typeof named === 'string' ? named : '';
  const { text: user, images } = content;
  return { model: body.model, system, user, images, toolName, body };
};

/** A 200: a `tool_use` block, or text, with usage from the simulated prompt cache. */
const answer: FakeProviderSpec['answer'] = (call, step, script, options) => {
  // Prompt caching: tools, then system blocks up to the last one marked cache_control.
  const marked = call.system.map((b) => b.cacheControl).lastIndexOf(true);
  const prefix =
    JSON.stringify(call.body.tools ?? []) +
    call.system
      .slice(0, marked + 1)
      .map((b) => b.text)
      .join('');
  const prefixTokens = marked >= 0 ? tokensOf(prefix) : 0;
  const hit = marked >= 0 && script.cached(prefix);
  const rest =
    call.system
      .slice(marked + 1)
      .map((b) => b.text)
      .join('') + call.user;
  const base = fixture('anthropic-message-tool-use.json');
  const content =
    step.kind === 'answer'
      ? [{ type: 'tool_use', id: fakeId('toolu_01'), name: call.toolName, input: step.input }]
      : [
          {
            type: 'text',
            text:
              step.kind === 'invalid_json'
                ? '{"intent": "book", "confidence": 0.9,'
                : 'Sure! Happy to help.',
          },
        ];
  return {
    status: 200,
    headers: requestId(),
    json: {
      ...base,
      id: fakeId('msg_01'),
      model: options.answerModel ?? call.model,
      content,
      stop_reason: step.kind === 'answer' ? 'tool_use' : 'end_turn',
      usage: {
        input_tokens: tokensOf(rest) + (marked >= 0 ? 0 : tokensOf(prefix)),
        cache_creation_input_tokens: hit ? 0 : prefixTokens,
        cache_read_input_tokens: hit ? prefixTokens : 0,
        output_tokens: tokensOf(JSON.stringify(content)),
        service_tier: 'standard',
      },
    },
  };
};

const SPEC: FakeProviderSpec = {
  path: '/v1/messages',
  urlSuffix: '',
  notFound: (req) => error(404, 'not_found_error', `Not found: ${req.method} ${req.path}`),
  defaultApiKey: 'sk-ant-fake',
  readCall,
  requestIdHeaders: requestId,
  failureFixtures: {
    rate_limited: 'anthropic-error-rate-limit.json',
    server_error: 'anthropic-error-api.json',
  },
  failures: {
    overloaded: { status: 529, fixture: 'anthropic-error-overloaded.json' },
    unauthorized: () => error(401, 'authentication_error', 'invalid x-api-key'),
  },
  answer,
};

export const startFakeAnthropicServer = (options: FakeModelServerOptions = {}) =>
  startFakeModelServer(SPEC, options);
