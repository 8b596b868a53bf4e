/**
 * A local fake of the Anthropic Messages API, `POST /v1/messages` (non-streaming): checks the
 * headers and body the way the API does (API key, anthropic-version, model, max_tokens,
 * messages, tools, tool_choice), answers with a `tool_use` block and `usage` (a simulated prompt
 * cache: a repeated tools + system prefix up to the last `cache_control` block is read from the
 * cache, a new one is written), and can be scripted to fail (429 with retry-after, 500, 529,
 * hang, broken JSON, no tool call, 401). Real-format bodies come from ../fixtures.
 */
import {
  startRecordingServer,
  type RecordedRequest,
  type Reply,
} from '../../whatsapp/testing/recording-server';
import {
  FakeScript,
  fakeId,
  fixture,
  retryAfterHeaders,
  tokensOf,
  type FakeFailure,
  type FakeModelCall,
  type FakeModelServer,
} from './fake-model-script';

export interface FakeAnthropicOptions {
  apiKey?: string;
  /** The model reported in answers; the requested one when unset. */
  answerModel?: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function error(status: number, type: string, message: string, headers: Obj = {}): Reply {
  const requestId = fakeId('req_011C');
  return {
    status,
    headers: { 'request-id': requestId, ...(headers as Record<string, string>) },
    json: { type: 'error', error: { type, message }, request_id: requestId },
  };
}

function failureReply(f: FakeFailure): Reply | undefined {
  switch (f.kind) {
    case 'rate_limited':
      return {
        status: 429,
        headers: { 'request-id': fakeId('req_011C'), ...retryAfterHeaders(f.retryAfterMs) },
        json: fixture('anthropic-error-rate-limit.json'),
      };
    case 'server_error':
      return {
        status: 500,
        headers: { 'request-id': fakeId('req_011C') },
        json: fixture('anthropic-error-api.json'),
      };
    case 'overloaded':
      return {
        status: 529,
        headers: { 'request-id': fakeId('req_011C') },
        json: fixture('anthropic-error-overloaded.json'),
      };
    case 'unauthorized':
      return error(401, 'authentication_error', 'invalid x-api-key');
    case 'hang':
      return 'hang';
    case 'invalid_json':
    case 'no_tool_call':
      return undefined;
  }
}

/** The request as the API would refuse it, or the call it describes. */
function readCall(req: RecordedRequest, apiKey: string): Reply | FakeModelCall {
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
  const user = typeof last.content === 'string' ? last.content : JSON.stringify(last.content);
  const named = choice?.name ?? tools[0]?.name;
  const toolName = typeof named === 'string' ? named : '';
  return { model: body.model, system, user, toolName, body };
}

export async function startFakeAnthropicServer(
  options: FakeAnthropicOptions = {},
): Promise<FakeModelServer> {
  const apiKey = options.apiKey ?? 'sk-ant-fake';
  const script = new FakeScript();
  const calls: FakeModelCall[] = [];

  const handler = (req: RecordedRequest): Reply => {
    if (req.method !== 'POST' || req.path !== '/v1/messages')
      return error(404, 'not_found_error', `Not found: ${req.method} ${req.path}`);
    const call = readCall(req, apiKey);
    if (call === 'hang' || !('toolName' in call)) return call;
    calls.push(call);
    const step = script.next(call);
    if (step.kind !== 'answer') {
      const reply = failureReply(step);
      if (reply) return reply;
    }
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
      headers: { 'request-id': fakeId('req_011C') },
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

  const server = await startRecordingServer(handler);
  return {
    url: server.url,
    calls,
    answerWith: (a) => script.answerWith(a),
    script: (...steps) => script.script(steps),
    failAll: (f) => script.failAll(f),
    close: () => server.close(),
  };
}
