-- The owner's side (issue 12): what admins did (audit), what happened at an appointment
-- (actual times, tip: the rendering actuals of seed ADR-0012), staff employment attributes,
-- commission rules and frozen monthly commission periods. {{schema}} is the quoted tenant schema.

-- Every admin action: who (the admin's phone), what, and the row before and after. Append-only;
-- the console lists it.
CREATE TABLE {{schema}}.admin_audit (
  id           bigserial PRIMARY KEY,
  admin_phone  text,
  thread_key   text,
  action       text NOT NULL,
  target       text,
  before       jsonb,
  after        jsonb,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX admin_audit_created ON {{schema}}.admin_audit (created_at);

-- The rendering: when the service really started and ended, and the tip (KES minor units).
ALTER TABLE {{schema}}.appointments
  ADD COLUMN actual_start_at  timestamptz,
  ADD COLUMN actual_end_at    timestamptz,
  ADD COLUMN tip_kes_minor    bigint CHECK (tip_kes_minor >= 0),
  ADD COLUMN completed_at     timestamptz,
  ADD CONSTRAINT appointments_actuals_order
    CHECK (actual_end_at IS NULL OR actual_start_at IS NULL OR actual_end_at > actual_start_at);

-- Employment attributes of a staff member. KRA PIN: a letter A or P, nine digits, a letter.
ALTER TABLE {{schema}}.staff
  ADD COLUMN kra_pin          text CHECK (kra_pin ~ '^[AP][0-9]{9}[A-Z]$'),
  ADD COLUMN nssf_number      text,
  ADD COLUMN shif_number      text,
  ADD COLUMN hire_date        date,
  ADD COLUMN employment_type  text NOT NULL DEFAULT 'commission_only'
    CHECK (employment_type IN ('permanent', 'casual', 'commission_only', 'apprentice')),
  ADD COLUMN base_pay_kes_minor bigint NOT NULL DEFAULT 0 CHECK (base_pay_kes_minor >= 0);

-- A rule pays a staff member (or everyone, for a service category) a percentage, a fixed amount
-- per appointment, or tiers over the month's revenue. Exactly one of staff / category.
CREATE TABLE {{schema}}.commission_rules (
  id                bigserial PRIMARY KEY,
  staff_id          text REFERENCES {{schema}}.staff (id) ON DELETE CASCADE,
  service_category  text,
  kind              text NOT NULL CHECK (kind IN ('pct', 'fixed', 'tiered')),
  -- pct: basis points (1000 = 10%); fixed: KES minor per appointment; tiered: unused.
  rate              bigint CHECK (rate >= 0),
  -- tiered: [{ "from_kes_minor": 0, "bps": 1000 }, ...] ascending; marginal over monthly revenue.
  tiers             jsonb,
  valid_from        date NOT NULL,
  valid_to          date,
  source            text NOT NULL DEFAULT 'admin' CHECK (source IN ('file', 'admin')),
  created_at        timestamptz NOT NULL DEFAULT now(),
  CHECK ((staff_id IS NULL) <> (service_category IS NULL)),
  CHECK (valid_to IS NULL OR valid_to >= valid_from),
  CHECK ((kind = 'tiered') = (tiers IS NOT NULL)),
  CHECK (kind = 'tiered' OR rate IS NOT NULL)
);

-- A month's commission of one staff member, frozen when the month is closed. An amendment is a
-- new row pointing at the period it corrects (and only an amendment points at one).
CREATE TABLE {{schema}}.commission_periods (
  id                bigserial PRIMARY KEY,
  staff_id          text NOT NULL REFERENCES {{schema}}.staff (id),
  month             date NOT NULL CHECK (extract(day FROM month) = 1),
  kind              text NOT NULL CHECK (kind IN ('close', 'amendment')),
  amendment_of_id   bigint REFERENCES {{schema}}.commission_periods (id),
  revenue_kes_minor bigint NOT NULL CHECK (revenue_kes_minor >= 0),
  commission_kes_minor bigint NOT NULL,
  appointments      integer NOT NULL CHECK (appointments >= 0),
  detail            jsonb NOT NULL DEFAULT '{}'::jsonb,
  reason            text,
  created_by        text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  CHECK ((kind = 'amendment') = (amendment_of_id IS NOT NULL))
);
-- Closing a month twice is a no-op: one 'close' row per staff member and month.
CREATE UNIQUE INDEX commission_periods_close ON {{schema}}.commission_periods (staff_id, month)
  WHERE kind = 'close';

-- Results of admin changes by the outbox effect's idempotency key: an `admin.apply` run again
-- (at least once delivery) returns what the first run did instead of blocking twice.
CREATE TABLE {{schema}}.admin_applied (
  idempotency_key  text PRIMARY KEY,
  result           jsonb NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now()
);
