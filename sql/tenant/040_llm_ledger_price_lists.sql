-- Reading a photo of a price list into a catalog draft (issue 15) is a model call the ledger
-- records like the others.
ALTER TABLE {{schema}}.llm_ledger DROP CONSTRAINT IF EXISTS llm_ledger_task_check;
ALTER TABLE {{schema}}.llm_ledger ADD CONSTRAINT llm_ledger_task_check
  CHECK (task IN ('extract', 'shape', 'admin_extract', 'escalation_summary', 'price_list_vision'));
