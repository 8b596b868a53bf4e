-- Unrouted payment callbacks say which tenant they reached (when the token was known) and which
-- checkout they were about, so the console and the owner's digest can show them.
ALTER TABLE public.payment_callbacks_unrouted ADD COLUMN IF NOT EXISTS tenant_slug text;
ALTER TABLE public.payment_callbacks_unrouted ADD COLUMN IF NOT EXISTS checkout_id text;
CREATE INDEX IF NOT EXISTS payment_callbacks_unrouted_tenant
  ON public.payment_callbacks_unrouted (tenant_slug, received_at);
