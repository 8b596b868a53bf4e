-- The daily payment reaper (ADR-0007: 03:00 tenant time). One row per tenant-local day: the run
-- is claimed by the outbox effect that does it (`claim_key`, its idempotency key), so owners'
-- threads that all fire the reaper timer do the work once, and a retry of the same effect after
-- a crash carries on. `report` is what the next digest tells the owner ("Overnight: ...").
CREATE TABLE {{schema}}.payment_reaper_runs (
  run_date     date PRIMARY KEY,
  claim_key    text NOT NULL,
  started_at   timestamptz NOT NULL,
  finished_at  timestamptz,
  report       jsonb
);
