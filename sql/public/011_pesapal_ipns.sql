-- PesaPal IPN registrations: PesaPal needs a registered IPN (its `ipn_id`) on every order. One
-- registration per tenant, environment, merchant key and IPN URL, made once and reused; a new
-- public URL or new credentials register again.
CREATE TABLE IF NOT EXISTS public.pesapal_ipns (
  tenant_slug     text NOT NULL,
  environment     text NOT NULL CHECK (environment IN ('sandbox', 'production')),
  -- sha256 of the consumer key: which merchant account the id belongs to, without the key.
  key_hash        text NOT NULL,
  url             text NOT NULL,
  ipn_id          text NOT NULL,
  notification_type text NOT NULL CHECK (notification_type IN ('GET', 'POST')),
  registered_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_slug, environment, key_hash, url)
);
