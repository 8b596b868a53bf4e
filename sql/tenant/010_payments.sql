-- Payments: a booking that must be paid first holds its slot as a `pending_payment` appointment
-- (counted by the exclusion constraint) until the payment succeeds or the hold expires.
-- {{schema}} is replaced by the quoted tenant schema. Money is integer minor units with currency.

ALTER TABLE {{schema}}.appointments DROP CONSTRAINT appointments_status_check;
ALTER TABLE {{schema}}.appointments ADD CONSTRAINT appointments_status_check CHECK (status IN
  ('pending_payment', 'booked', 'confirmed', 'cancelled', 'completed', 'no_show', 'expired'));
ALTER TABLE {{schema}}.appointments ADD COLUMN hold_expires_at timestamptz;
ALTER TABLE {{schema}}.appointments ADD CONSTRAINT appointments_hold_expiry
  CHECK (status <> 'pending_payment' OR hold_expires_at IS NOT NULL);

-- A hold counts like a booking: nobody else gets the slot while its owner is paying. An expired
-- hold is turned into `expired` (by the next writer of that staff member's schedule, the
-- thread, or the reaper) before it stops counting, so the database still has the last word.
ALTER TABLE {{schema}}.appointments DROP CONSTRAINT appointments_no_overlap;
ALTER TABLE {{schema}}.appointments ADD CONSTRAINT appointments_no_overlap EXCLUDE USING gist (
  staff_id WITH OPERATOR(pg_catalog.=),
  tstzrange(start_at, buffer_end_at, '[)') WITH OPERATOR(pg_catalog.&&)
) WHERE (status IN ('pending_payment', 'booked', 'confirmed'));
DROP INDEX {{schema}}.appointments_start;
CREATE INDEX appointments_start ON {{schema}}.appointments (start_at)
  WHERE status IN ('pending_payment', 'booked', 'confirmed');
CREATE INDEX appointments_holds ON {{schema}}.appointments (hold_expires_at)
  WHERE status = 'pending_payment';

-- One row per payment request (an STK push, a card checkout). The idempotency key is the outbox
-- effect's: a re-run of the effect finds its row and never asks the customer twice.
CREATE TABLE {{schema}}.payments (
  id                 bigserial PRIMARY KEY,
  appointment_id     bigint NOT NULL REFERENCES {{schema}}.appointments (id),
  thread_key         text NOT NULL,
  provider           text NOT NULL CHECK (provider IN ('mpesa', 'pesapal')),
  amount_minor       bigint NOT NULL CHECK (amount_minor > 0),
  currency           text NOT NULL DEFAULT 'KES' CHECK (currency ~ '^[A-Z]{3}$'),
  -- The number prompted, as the provider writes it (2547XXXXXXXX): a callback must match it.
  msisdn             text,
  idempotency_key    text NOT NULL UNIQUE,
  -- requesting: about to ask the provider (push_started_at set while the request is in flight);
  -- pending: the provider accepted; unknown: a request whose outcome was lost (never re-sent).
  status             text NOT NULL DEFAULT 'requesting' CHECK (status IN
                       ('requesting', 'pending', 'unknown', 'paid', 'failed', 'expired')),
  push_started_at    timestamptz,
  checkout_id        text UNIQUE,
  merchant_ref       text,
  redirect_url       text,
  reason             text,
  result_code        integer,
  receipt            text,
  callback           jsonb,
  callback_at        timestamptz,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  settled_at         timestamptz,
  CHECK ((status IN ('paid', 'failed', 'expired')) = (settled_at IS NOT NULL))
);
CREATE INDEX payments_appointment ON {{schema}}.payments (appointment_id, id);
CREATE INDEX payments_open ON {{schema}}.payments (created_at)
  WHERE status IN ('requesting', 'pending', 'unknown');

-- Paying at the salon instead (when the tenant allows it) is recorded, so the console and the
-- owner know nothing was paid up front.
ALTER TABLE {{schema}}.appointments ADD COLUMN payment_waived boolean NOT NULL DEFAULT false;

-- Refunds of cancelled paid bookings: automatic (M-Pesa reversal, PesaPal refund request) or a
-- task for the owner (`manual`) tracked until someone marks it done.
CREATE TABLE {{schema}}.refunds (
  id                bigserial PRIMARY KEY,
  payment_id        bigint NOT NULL UNIQUE REFERENCES {{schema}}.payments (id),
  appointment_id    bigint NOT NULL REFERENCES {{schema}}.appointments (id),
  amount_minor      bigint NOT NULL CHECK (amount_minor > 0),
  currency          text NOT NULL DEFAULT 'KES' CHECK (currency ~ '^[A-Z]{3}$'),
  method            text NOT NULL CHECK (method IN ('reversal', 'pesapal', 'manual')),
  status            text NOT NULL DEFAULT 'requested'
                    CHECK (status IN ('requested', 'submitted', 'done', 'failed', 'manual')),
  provider_ref      text,
  reason            text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  done_at           timestamptz
);
CREATE INDEX refunds_open ON {{schema}}.refunds (created_at)
  WHERE status IN ('requested', 'submitted', 'manual');
