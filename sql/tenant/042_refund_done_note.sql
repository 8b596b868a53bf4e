-- The reference the owner or operator gave when marking a manual refund task done (a till or
-- transaction number, "paid cash at the front desk"): shown on the console's Refunds page next to
-- the reason the refund became a task (issue 13).
ALTER TABLE {{schema}}.refunds ADD COLUMN done_note text;
