-- The dispatcher claims the oldest pending effects (ORDER BY id LIMIT n). Without an index of the
-- pending rows in id order it walked the primary key from the first effect ever written, past
-- every done row: a claim's cost grew with the outbox's whole history (1 ms at 6,000 rows, and
-- hundreds of ms under the webhook benchmark's burst). Now it reads only pending rows.
CREATE INDEX outbox_pending_order ON {{schema}}.outbox (id) WHERE status = 'pending';
