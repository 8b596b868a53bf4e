-- Delivery state of messages accepted by a channel provider (WhatsApp wamid, SMS id), updated by
-- status webhooks. Status only moves forward: sent -> delivered -> read; failed is final.
CREATE TABLE {{schema}}.deliveries (
  provider_message_id  text PRIMARY KEY,
  channel              text NOT NULL,
  outbox_id            bigint,
  thread_key           text NOT NULL,
  status               text NOT NULL DEFAULT 'accepted'
                         CHECK (status IN ('accepted', 'sent', 'delivered', 'read', 'failed')),
  errors               jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX deliveries_thread ON {{schema}}.deliveries (thread_key, created_at);
