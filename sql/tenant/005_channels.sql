-- Channels (issue 4): what a delivery was (a free-form message, a template, an SMS), what it
-- cost, and which delivery it stood in for; identity-only customers merged into a phone customer.
ALTER TABLE {{schema}}.deliveries
  ADD COLUMN kind         text NOT NULL DEFAULT 'message' CHECK (kind IN ('message', 'template', 'sms')),
  ADD COLUMN fallback_of  text,
  ADD COLUMN cost_minor   bigint,
  ADD COLUMN currency     text;

-- An Instagram/Messenger customer who later gave the phone number of an existing customer: its
-- identities now point at that customer; this row stays for its history (see docs/channels.md).
ALTER TABLE {{schema}}.customers ADD COLUMN merged_into bigint REFERENCES {{schema}}.customers (id);
