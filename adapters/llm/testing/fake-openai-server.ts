/**
 * A local fake of OpenAI Chat Completions, `POST /v1/chat/completions` (non-streaming): checks the
 * bearer key and the body (model, messages, tools, tool_choice) and, like the API, refuses a
 * `strict` function whose schema is not strict (every property required, no additional
 * properties). Answers with a function tool call and `usage` (a simulated prompt cache: a repeated
 * system message + tools counts as cached), and can be scripted to fail (429 with retry-after,
 * 500, 503, hang, arguments that are not JSON, no tool call, 401).
 */
import type { Reply } from '../../whatsapp/testing/recording-server';
import { openAiContent } from './fake-images';
import { fakeId, fixture, isObj, startFakeModelServer, tokensOf } from './fake-model-script';
import type { FakeModelServerOptions, FakeProviderSpec, Obj } from './fake-model-script';

const requestId = () => ({ 'x-request-id': fakeId('req_', 16) });

function error(
  status: number,
  message: string,
  type: string,
  code: string | null,
  param: string | null = null,
): Reply {
  return {
    status,
    headers: requestId(),
    json: { error: { message, type, param, code } },
  };
}

const unauthorized = (): Reply => ({
  status: 401,
  headers: requestId(),
  json: fixture('openai-error-invalid-key.json'),
});

/** Why a schema is not valid for `strict: true`, or null. */
export function strictSchemaProblem(schema: unknown, path = '$'): string | null {
  if (!isObj(schema)) return null;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes('object')) {
    if (schema.additionalProperties !== false) return `${path}: additionalProperties must be false`;
    const props = isObj(schema.properties) ? Object.keys(schema.properties) : [];
    const required = Array.isArray(schema.required) ? schema.required : [];
    const missing = props.filter((p) => !required.includes(p));
    if (missing.length)
      return `${path}: 'required' is required to include every property; missing ${missing.join(', ')}`;
    for (const p of props) {
      const inner = strictSchemaProblem((schema.properties as Obj)[p], `${path}.${p}`);
      if (inner) return inner;
    }
  }
  if (types.includes('array')) return strictSchemaProblem(schema.items, `${path}[]`);
  return null;
}

const readCall: FakeProviderSpec['readCall'] = (req, apiKey) => {
  if (req.headers.authorization !== `Bearer ${apiKey}`) return unauthorized();
  const body = req.json;
  if (!isObj(body))
    return error(
      400,
      'We could not parse the JSON body of your request.',
      'invalid_request_error',
      null,
    );
  if (typeof body.model !== 'string')
    return error(
      400,
      "Missing required parameter: 'model'.",
      'invalid_request_error',
      'missing_required_parameter',
      'model',
    );
  const messages = Array.isArray(body.messages) ? body.messages.filter(isObj) : [];
  if (messages.length === 0)
    return error(
      400,
      "Missing required parameter: 'messages'.",
      'invalid_request_error',
      'missing_required_parameter',
      'messages',
    );
  const tools = Array.isArray(body.tools) ? body.tools.filter(isObj) : [];
  for (const [i, t] of tools.entries()) {
    const fn = isObj(t.function) ? t.function : undefined;
    if (t.type !== 'function' || typeof fn?.name !== 'string')
      return error(
        400,
        `Invalid 'tools[${i}]'.`,
        'invalid_request_error',
        'invalid_value',
        `tools[${i}]`,
      );
    const problem = fn.strict === true ? strictSchemaProblem(fn.parameters) : null;
    if (problem)
      return error(
        400,
        `Invalid schema for function '${fn.name}': ${problem}`,
        'invalid_request_error',
        'invalid_function_parameters',
        `tools[${i}].function.parameters`,
      );
  }
  const choice =
    isObj(body.tool_choice) && isObj(body.tool_choice.function)
      ? body.tool_choice.function
      : undefined;
  if (choice && !tools.some((t) => (t.function as Obj).name === choice.name))
    return error(
      400,
      `Invalid value for 'tool_choice': no function named ${String(choice.name)}.`,
      'invalid_request_error',
      'invalid_value',
      'tool_choice',
    );
  const system = messages
    .filter((m) => m.role === 'system' || m.role === 'developer')
    .map((m) => ({ text: String(m.content), cacheControl: false }));
  const content = openAiContent(messages.findLast((m) => m.role === 'user')?.content ?? '');
  if ('problem' in content)
    return error(400, content.problem, 'invalid_request_error', 'invalid_image_format', 'messages');
  const { text: user, images } = content;
  const named = choice?.name ?? (tools[0]?.function as Obj | undefined)?.name;
  const toolName = typeof named === 'string' ? named : '';
  return { model: body.model, system, user, images, toolName, body };
};

/** A 200: a function tool call (arguments as JSON, or broken) or text, with usage. */
const answer: FakeProviderSpec['answer'] = (call, step, script, options) => {
  const prefix = JSON.stringify(call.body.tools ?? []) + call.system.map((b) => b.text).join('');
  const hit = script.cached(prefix);
  const promptTokens = tokensOf(prefix) + tokensOf(call.user);
  const base = fixture('openai-chat-completion-tool-call.json');
  const forced = isObj(call.body.tool_choice);
  const message =
    step.kind === 'answer' || step.kind === 'invalid_json'
      ? {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: fakeId('call_'),
              type: 'function',
              function: {
                name: call.toolName,
                arguments:
                  step.kind === 'answer'
                    ? JSON.stringify(step.input)
                    : '{"intent": "book", "confidence": 0.9,',
              },
            },
          ],
          refusal: null,
          annotations: [],
        }
      : { role: 'assistant', content: 'Sure! Happy to help.', refusal: null, annotations: [] };
  const completionTokens = tokensOf(JSON.stringify(message));
  return {
    status: 200,
    headers: { ...requestId(), 'openai-processing-ms': '42' },
    json: {
      ...base,
      id: fakeId('chatcmpl-'),
      created: Math.floor(Date.now() / 1000),
      model: options.answerModel ?? call.model,
      choices: [
        {
          index: 0,
          message,
          logprobs: null,
          // A named tool_choice ends with 'stop'; a model choosing a tool with 'tool_calls'.
          finish_reason: 'tool_calls' in message && !forced ? 'tool_calls' : 'stop',
        },
      ],
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
        prompt_tokens_details: { cached_tokens: hit ? tokensOf(prefix) : 0, audio_tokens: 0 },
        completion_tokens_details: {
          reasoning_tokens: 0,
          audio_tokens: 0,
          accepted_prediction_tokens: 0,
          rejected_prediction_tokens: 0,
        },
      },
    },
  };
};

const SPEC: FakeProviderSpec = {
  path: '/v1/chat/completions',
  urlSuffix: '/v1',
  notFound: (req) =>
    error(404, `Invalid URL (${req.method} ${req.path})`, 'invalid_request_error', null),
  defaultApiKey: 'sk-openai-fake',
  readCall,
  requestIdHeaders: requestId,
  failureFixtures: {
    rate_limited: 'openai-error-rate-limit.json',
    server_error: 'openai-error-server.json',
  },
  failures: {
    overloaded: () =>
      error(
        503,
        'The engine is currently overloaded, please try again later',
        'server_error',
        null,
      ),
    unauthorized,
  },
  answer,
};

export const startFakeOpenAiServer = (options: FakeModelServerOptions = {}) =>
  startFakeModelServer(SPEC, options);
