-- A refund task the owner marks done (from WhatsApp, "refund R2 done", or the console) keeps who
-- did it next to when; the admin audit has the full entry.
ALTER TABLE {{schema}}.refunds ADD COLUMN done_by text;
