/**
 * The `catalog_drafts` table (issue 15): price-list photos read into rows the owner reviews
 * before they are applied. The only module that writes the table.
 */
import { ident, type CatalogDraftRow, type Queryable, type TenantSchema } from '../../contract';

export type DraftStatus = 'draft' | 'applied' | 'discarded';

export interface StoredDraft {
  id: string;
  status: DraftStatus;
  source: 'console' | 'whatsapp';
  photoKey: string;
  readBy: string;
  rows: CatalogDraftRow[];
  createdBy: string;
  adminThread: string | null;
  createdAt: Date;
}

export interface NewDraft {
  id: string;
  source: 'console' | 'whatsapp';
  photoKey: string;
  readBy: string;
  rows: CatalogDraftRow[];
  createdBy: string;
  adminThread?: string | null;
  /** A WhatsApp media id: the same photo is staged once. */
  sourceRef?: string | null;
}

interface Row {
  id: string;
  status: DraftStatus;
  source: 'console' | 'whatsapp';
  photo_key: string;
  read_by: string;
  rows: CatalogDraftRow[];
  created_by: string;
  admin_thread: string | null;
  created_at: Date;
}

const COLUMNS =
  'id, status, source, photo_key, read_by, rows, created_by, admin_thread, created_at';

const toDraft = (r: Row): StoredDraft => ({
  id: r.id,
  status: r.status,
  source: r.source,
  photoKey: r.photo_key,
  readBy: r.read_by,
  rows: r.rows,
  createdBy: r.created_by,
  adminThread: r.admin_thread,
  createdAt: r.created_at,
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The draft staged; the one staged before from the same source (a redelivery) when there is one. */
export async function insertDraft(
  q: Queryable,
  schema: TenantSchema,
  d: NewDraft,
): Promise<StoredDraft> {
  const s = ident(schema);
  const r = await q.query<Row>(
    `INSERT INTO ${s}.catalog_drafts
       (id, source, photo_key, read_by, rows, created_by, admin_thread, source_ref)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (source_ref) DO NOTHING RETURNING ${COLUMNS}`,
    [
      d.id,
      d.source,
      d.photoKey,
      d.readBy,
      JSON.stringify(d.rows),
      d.createdBy,
      d.adminThread ?? null,
      d.sourceRef ?? null,
    ],
  );
  if (r.rows[0]) return toDraft(r.rows[0]);
  const before = await q.query<Row>(
    `SELECT ${COLUMNS} FROM ${s}.catalog_drafts WHERE source_ref = $1`,
    [d.sourceRef],
  );
  return toDraft(before.rows[0]!);
}

/** The draft, or undefined; `forUpdate` locks it for the rest of the transaction. */
export async function loadDraft(
  q: Queryable,
  schema: TenantSchema,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<StoredDraft | undefined> {
  if (!UUID.test(id)) return undefined;
  const r = await q.query<Row>(
    `SELECT ${COLUMNS} FROM ${ident(schema)}.catalog_drafts WHERE id = $1${options.forUpdate ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return r.rows[0] && toDraft(r.rows[0]);
}

/** The drafts still waiting for a decision, newest first. */
export async function openDrafts(q: Queryable, schema: TenantSchema): Promise<StoredDraft[]> {
  const r = await q.query<Row>(
    `SELECT ${COLUMNS} FROM ${ident(schema)}.catalog_drafts WHERE status = 'draft'
     ORDER BY created_at DESC LIMIT 20`,
  );
  return r.rows.map(toDraft);
}

/** The owner's edits; false when the draft is no longer open. */
export async function updateDraftRows(
  q: Queryable,
  schema: TenantSchema,
  id: string,
  rows: CatalogDraftRow[],
): Promise<boolean> {
  const r = await q.query(
    `UPDATE ${ident(schema)}.catalog_drafts SET rows = $2 WHERE id = $1 AND status = 'draft'`,
    [id, JSON.stringify(rows)],
  );
  return (r.rowCount ?? 0) > 0;
}

/** Applied or discarded, once; false when it was decided already. */
export async function decideDraft(
  q: Queryable,
  schema: TenantSchema,
  id: string,
  status: 'applied' | 'discarded',
  by: string,
): Promise<boolean> {
  const r = await q.query(
    `UPDATE ${ident(schema)}.catalog_drafts SET status = $2, decided_at = now(), decided_by = $3
     WHERE id = $1 AND status = 'draft'`,
    [id, status, by],
  );
  return (r.rowCount ?? 0) > 0;
}
