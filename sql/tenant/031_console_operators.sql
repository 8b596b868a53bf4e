-- The tenant's known console operators (issue 16: assign a thread to another operator). An
-- operator is known once they used the tenant's console; assigning is only to a known operator.
-- Written only by runtime/stores/console-operators.ts.
CREATE TABLE {{schema}}.console_operators (
  subject       text PRIMARY KEY,
  name          text NOT NULL,
  last_seen_at  timestamptz NOT NULL DEFAULT now()
);
