-- The tenant registry and the cluster's shared tables. Applied once, in schema public.

CREATE TABLE IF NOT EXISTS public.tenants (
  slug            text PRIMARY KEY CHECK (slug ~ '^[a-z0-9_]{1,40}$'),
  schema_name     text NOT NULL UNIQUE CHECK (schema_name = 't_' || slug),
  name            text NOT NULL,
  timezone        text NOT NULL DEFAULT 'Africa/Nairobi',
  languages       text[] NOT NULL DEFAULT ARRAY['en', 'sw'],
  -- Everything declarative that is not a secret: payments switches, personality dials, policy.
  settings        jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- Per-tenant provider credentials (WhatsApp token, Daraja keys...). Never logged.
  secrets         jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- The unguessable path segment of this tenant's payment callback URLs.
  callback_token  text NOT NULL UNIQUE,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Inbound routing: a provider-side id (WhatsApp phone_number_id, page id, dialled number) -> tenant.
CREATE TABLE IF NOT EXISTS public.channel_bindings (
  channel      text NOT NULL CHECK (channel IN ('whatsapp', 'instagram', 'messenger', 'voice', 'sms')),
  external_id  text NOT NULL,
  tenant_slug  text NOT NULL REFERENCES public.tenants (slug) ON DELETE CASCADE,
  PRIMARY KEY (channel, external_id)
);
CREATE INDEX IF NOT EXISTS channel_bindings_tenant ON public.channel_bindings (tenant_slug);

-- Phones (E.164) whose WhatsApp conversation is the owner's admin thread.
CREATE TABLE IF NOT EXISTS public.admin_phones (
  tenant_slug  text NOT NULL REFERENCES public.tenants (slug) ON DELETE CASCADE,
  phone        text NOT NULL CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
  PRIMARY KEY (tenant_slug, phone)
);

-- One row per virtual shard. Claiming bumps the epoch; every turn commit checks it (fencing).
CREATE TABLE IF NOT EXISTS public.shard_leases (
  shard       integer PRIMARY KEY CHECK (shard >= 0),
  owner       text,
  epoch       bigint NOT NULL DEFAULT 0,
  expires_at  timestamptz,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Payment callbacks that could not be routed to a tenant: kept, never dropped.
CREATE TABLE IF NOT EXISTS public.payment_callbacks_unrouted (
  id           bigserial PRIMARY KEY,
  provider     text NOT NULL,
  token        text,
  reason       text NOT NULL,
  headers      jsonb NOT NULL DEFAULT '{}'::jsonb,
  body         text NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now()
);
