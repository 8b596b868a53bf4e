-- Extra opening hours (issue 12, "open extra hours"): on one date, a staff member (or the whole
-- salon when staff_id is NULL) works outside the normal week, holidays included. Availability
-- adds these spans to the day's hours. Written only by booking/admin/extra-hours.ts.
CREATE TABLE {{schema}}.extra_hours (
  id          bigserial PRIMARY KEY,
  staff_id    text REFERENCES {{schema}}.staff (id) ON DELETE CASCADE,
  start_at    timestamptz NOT NULL,
  end_at      timestamptz NOT NULL,
  reason      text,
  created_by  text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (end_at > start_at),
  CHECK (end_at - start_at <= interval '24 hours')
);
CREATE INDEX extra_hours_end ON {{schema}}.extra_hours (end_at);
