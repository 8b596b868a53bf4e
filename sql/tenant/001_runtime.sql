-- The runtime's tables of one tenant. {{schema}} is replaced by the quoted tenant schema.

CREATE TABLE {{schema}}.customers (
  id            bigserial PRIMARY KEY,
  phone         text UNIQUE CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
  display_name  text,
  language      text,
  opted_out     boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Every channel identity of a customer (whatsapp wa_id, voice caller id, instagram/messenger ids).
CREATE TABLE {{schema}}.customer_identities (
  channel      text NOT NULL,
  external_id  text NOT NULL,
  customer_id  bigint NOT NULL REFERENCES {{schema}}.customers (id) ON DELETE CASCADE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel, external_id)
);
CREATE INDEX customer_identities_customer ON {{schema}}.customer_identities (customer_id);

CREATE TABLE {{schema}}.threads (
  thread_key    text PRIMARY KEY,
  kind          text NOT NULL CHECK (kind IN ('customer', 'admin')),
  customer_id   bigint REFERENCES {{schema}}.customers (id) ON DELETE SET NULL,
  shard         integer NOT NULL,
  last_channel  text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_event_at timestamptz NOT NULL DEFAULT now()
);

-- The mailbox: every inbound event, durable before it is acknowledged, unique per provider id.
CREATE TABLE {{schema}}.inbox (
  id            bigserial PRIMARY KEY,
  event_id      text NOT NULL UNIQUE,
  thread_key    text NOT NULL,
  shard         integer NOT NULL,
  source        text NOT NULL,
  event         jsonb NOT NULL,
  received_at   timestamptz NOT NULL DEFAULT now(),
  status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'processed', 'dead')),
  processed_at  timestamptz,
  error         text
);
CREATE INDEX inbox_pending ON {{schema}}.inbox (shard, id) WHERE status = 'pending';
CREATE INDEX inbox_thread_pending ON {{schema}}.inbox (thread_key, id) WHERE status = 'pending';

-- Append-only history of every turn of every thread.
CREATE TABLE {{schema}}.journal (
  thread_key    text NOT NULL,
  seq           bigint NOT NULL,
  inbox_id      bigint NOT NULL UNIQUE,
  event_type    text NOT NULL,
  event         jsonb NOT NULL,
  state_before  jsonb,
  state_after   jsonb,
  effects       jsonb NOT NULL DEFAULT '[]'::jsonb,
  outcome       text NOT NULL CHECK (outcome IN ('applied', 'ignored', 'machine_error', 'dead_letter')),
  error         text,
  epoch         bigint NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (thread_key, seq)
);

CREATE TABLE {{schema}}.actor_snapshots (
  thread_key      text PRIMARY KEY,
  machine         text NOT NULL,
  schema_version  integer NOT NULL,
  snapshot        jsonb NOT NULL,
  state_value     jsonb,
  seq             bigint NOT NULL,
  epoch           bigint NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Effects leave through here, at least once, each with an idempotency key.
CREATE TABLE {{schema}}.outbox (
  id               bigserial PRIMARY KEY,
  thread_key       text NOT NULL,
  shard            integer NOT NULL,
  kind             text NOT NULL,
  payload          jsonb NOT NULL,
  idempotency_key  text NOT NULL UNIQUE,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'dead')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  locked_until     timestamptz,
  locked_by        text,
  last_error       text,
  result           jsonb,
  created_at       timestamptz NOT NULL DEFAULT now(),
  done_at          timestamptz
);
CREATE INDEX outbox_due ON {{schema}}.outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_thread_pending ON {{schema}}.outbox (thread_key, id) WHERE status = 'pending';

-- Durable timers: set by turns, fired into the inbox by the shard's owner.
CREATE TABLE {{schema}}.timers (
  id          bigserial PRIMARY KEY,
  thread_key  text NOT NULL,
  timer_key   text NOT NULL,
  shard       integer NOT NULL,
  fire_at     timestamptz NOT NULL,
  event       jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (thread_key, timer_key)
);
CREATE INDEX timers_due ON {{schema}}.timers (fire_at);
