-- The owner's model calls (issue 12) are recorded in the ledger too: reading an owner's command
-- and summarising a customer's conversation for an escalation.
ALTER TABLE {{schema}}.llm_ledger DROP CONSTRAINT IF EXISTS llm_ledger_task_check;
ALTER TABLE {{schema}}.llm_ledger ADD CONSTRAINT llm_ledger_task_check
  CHECK (task IN ('extract', 'shape', 'admin_extract', 'escalation_summary'));
