-- The booking domain of one tenant: catalog (synced from the tenant file), blocks, appointments.
-- {{schema}} is replaced by the quoted tenant schema. Money is integer minor units (KES cents).

-- Services are never deleted: one removed from the tenant file is deactivated, so old
-- appointments keep their reference.
CREATE TABLE {{schema}}.services (
  id               text PRIMARY KEY CHECK (id ~ '^[a-z0-9-]{1,40}$'),
  name_en          text NOT NULL,
  name_sw          text,
  category         text NOT NULL DEFAULT 'general',
  duration_min     integer NOT NULL CHECK (duration_min BETWEEN 5 AND 720),
  buffer_min       integer NOT NULL DEFAULT 0 CHECK (buffer_min BETWEEN 0 AND 240),
  price_kes_minor  bigint NOT NULL CHECK (price_kes_minor >= 0),
  aliases          text[] NOT NULL DEFAULT '{}',
  active           boolean NOT NULL DEFAULT true,
  position         integer NOT NULL DEFAULT 0,
  updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE {{schema}}.staff (
  id            text PRIMARY KEY CHECK (id ~ '^[a-z0-9-]{1,40}$'),
  name          text NOT NULL,
  active        boolean NOT NULL DEFAULT true,
  -- True when the staff member has a week of their own (staff_hours): those replace the
  -- business hours, and a weekday without rows is a day off.
  custom_hours  boolean NOT NULL DEFAULT false,
  position      integer NOT NULL DEFAULT 0,
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE {{schema}}.staff_services (
  staff_id    text NOT NULL REFERENCES {{schema}}.staff (id) ON DELETE CASCADE,
  service_id  text NOT NULL REFERENCES {{schema}}.services (id) ON DELETE CASCADE,
  PRIMARY KEY (staff_id, service_id)
);
CREATE INDEX staff_services_service ON {{schema}}.staff_services (service_id);

-- Opening hours: several spans per weekday (1 = Monday ... 7 = Sunday, ISO), wall clock in the
-- tenant's time zone. close_at may be 24:00.
CREATE TABLE {{schema}}.business_hours (
  weekday   smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  open_at   time NOT NULL,
  close_at  time NOT NULL,
  CHECK (close_at > open_at),
  PRIMARY KEY (weekday, open_at)
);

CREATE TABLE {{schema}}.staff_hours (
  staff_id  text NOT NULL REFERENCES {{schema}}.staff (id) ON DELETE CASCADE,
  weekday   smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  open_at   time NOT NULL,
  close_at  time NOT NULL,
  CHECK (close_at > open_at),
  PRIMARY KEY (staff_id, weekday, open_at)
);

-- Whole days the business is closed (tenant's calendar).
CREATE TABLE {{schema}}.holidays (
  day   date PRIMARY KEY,
  name  text
);

-- Time off: one staff member, or the whole business when staff_id is null. Blocks from the
-- tenant file are replaced on every apply; blocks an admin created are left alone.
CREATE TABLE {{schema}}.blocks (
  id          bigserial PRIMARY KEY,
  staff_id    text REFERENCES {{schema}}.staff (id) ON DELETE CASCADE,
  start_at    timestamptz NOT NULL,
  end_at      timestamptz NOT NULL,
  reason      text,
  source      text NOT NULL DEFAULT 'admin' CHECK (source IN ('file', 'admin')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  CHECK (end_at > start_at)
);
CREATE INDEX blocks_end ON {{schema}}.blocks (end_at);

CREATE TABLE {{schema}}.appointments (
  id                bigserial PRIMARY KEY,
  customer_id       bigint NOT NULL REFERENCES {{schema}}.customers (id),
  staff_id          text NOT NULL REFERENCES {{schema}}.staff (id),
  service_id        text NOT NULL REFERENCES {{schema}}.services (id),
  start_at          timestamptz NOT NULL,
  end_at            timestamptz NOT NULL,
  -- end_at + the service's buffer (clean-up): the staff member is busy until then.
  buffer_end_at     timestamptz NOT NULL,
  status            text NOT NULL DEFAULT 'booked'
                    CHECK (status IN ('booked', 'confirmed', 'cancelled', 'completed', 'no_show')),
  source_channel    text NOT NULL,
  price_kes_minor   bigint NOT NULL CHECK (price_kes_minor >= 0),
  thread_key        text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  cancelled_at      timestamptz,
  rescheduled_from  bigint REFERENCES {{schema}}.appointments (id),
  CHECK (end_at > start_at AND buffer_end_at >= end_at),
  CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
  -- Double booking is impossible: one staff member never holds two overlapping active
  -- appointments (SQLSTATE 23P01 when an insert or update would). btree_gist supplies the
  -- GiST equality on text; default operator classes are found whatever the search_path.
  CONSTRAINT appointments_no_overlap EXCLUDE USING gist (
    staff_id WITH OPERATOR(pg_catalog.=),
    tstzrange(start_at, buffer_end_at, '[)') WITH OPERATOR(pg_catalog.&&)
  ) WHERE (status IN ('booked', 'confirmed'))
);
CREATE INDEX appointments_customer ON {{schema}}.appointments (customer_id, start_at);
CREATE INDEX appointments_start ON {{schema}}.appointments (start_at)
  WHERE status IN ('booked', 'confirmed');

-- Answers to common questions, matched by tag or keyword in the customer's language.
CREATE TABLE {{schema}}.knowledge (
  id          bigserial PRIMARY KEY,
  question    text NOT NULL,
  answer      text NOT NULL,
  language    text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'sw')),
  tags        text[] NOT NULL DEFAULT '{}',
  source      text NOT NULL DEFAULT 'admin' CHECK (source IN ('file', 'admin')),
  position    integer NOT NULL DEFAULT 0,
  created_at  timestamptz NOT NULL DEFAULT now()
);
