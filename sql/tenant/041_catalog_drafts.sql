-- Staged catalog drafts (issue 15): a photo of a price list read by a model, waiting for the
-- owner to review it (console table, or a WhatsApp summary with confirm) before it is applied
-- through the same path as a CSV import. Rows are the text as read or edited (checked again on
-- every read and on apply). Written only by runtime/stores/catalog-drafts.ts.
CREATE TABLE {{schema}}.catalog_drafts (
  id           uuid PRIMARY KEY,
  status       text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'applied', 'discarded')),
  source       text NOT NULL CHECK (source IN ('console', 'whatsapp')),
  photo_key    text NOT NULL,
  read_by      text NOT NULL,
  rows         jsonb NOT NULL CHECK (jsonb_typeof(rows) = 'array'),
  created_by   text NOT NULL,
  -- The admin thread a WhatsApp draft was sent from (its summary and buttons went there).
  admin_thread text,
  -- Where the photo came from: a WhatsApp media id, so a redelivered webhook stages it once.
  source_ref   text UNIQUE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  decided_at   timestamptz,
  decided_by   text
);
CREATE INDEX catalog_drafts_open ON {{schema}}.catalog_drafts (created_at) WHERE status = 'draft';
