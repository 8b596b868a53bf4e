-- An effect whose last run never recorded its outcome: the process running it was killed, or
-- stalled past the lease, mid-run. Set when a new owner releases a dead owner's claim (an expired
-- claim is told by its lease), read and cleared by the next claim. A WhatsApp send so interrupted
-- may have reached Meta: it waits for its status webhook before it is sent again (issue 17).
ALTER TABLE {{schema}}.outbox ADD COLUMN interrupted boolean NOT NULL DEFAULT false;
