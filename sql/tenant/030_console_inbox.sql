-- The console's inbox (issue 16): who handles a thread, when it was resolved, and how far each
-- operator has read it. Written only by runtime/stores/console-assignments.ts and console-reads.ts.
CREATE TABLE {{schema}}.console_assignments (
  thread_key     text PRIMARY KEY,
  assignee       text,
  assignee_name  text,
  assigned_at    timestamptz,
  resolved_at    timestamptz,
  resolved_by    text,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX console_assignments_assignee ON {{schema}}.console_assignments (assignee)
  WHERE assignee IS NOT NULL;

CREATE TABLE {{schema}}.console_reads (
  thread_key  text NOT NULL,
  operator    text NOT NULL,
  seq         bigint NOT NULL,
  read_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (thread_key, operator)
);
