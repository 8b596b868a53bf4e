-- Cost ledger of model calls (adapters/llm): one row per call the LLM router makes, every
-- attempt included, and one 'fallback' row (provider 'embedded') when a request ended with the
-- embedded parser. Cost is integer micro-USD from the price table in adapters/llm/prices.ts;
-- NULL when the model has no price there.
CREATE TABLE {{schema}}.llm_ledger (
  id                  bigserial PRIMARY KEY,
  route_id            text NOT NULL,
  task                text NOT NULL CHECK (task IN ('extract', 'shape')),
  provider            text NOT NULL CHECK (provider IN ('anthropic', 'openai', 'embedded')),
  model               text NOT NULL,
  prompt_version      text NOT NULL,
  attempt             smallint NOT NULL CHECK (attempt >= 1),
  outcome             text NOT NULL CHECK (outcome IN ('ok', 'error', 'fallback')),
  error_code          text,
  tokens_in           integer NOT NULL DEFAULT 0 CHECK (tokens_in >= 0),
  tokens_out          integer NOT NULL DEFAULT 0 CHECK (tokens_out >= 0),
  cached_tokens       integer NOT NULL DEFAULT 0 CHECK (cached_tokens >= 0),
  cache_write_tokens  integer NOT NULL DEFAULT 0 CHECK (cache_write_tokens >= 0),
  cost_usd_micros     bigint CHECK (cost_usd_micros >= 0),
  latency_ms          integer NOT NULL CHECK (latency_ms >= 0),
  request_id          text,
  thread_key          text,
  created_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX llm_ledger_created ON {{schema}}.llm_ledger (created_at);
CREATE INDEX llm_ledger_route ON {{schema}}.llm_ledger (route_id);
