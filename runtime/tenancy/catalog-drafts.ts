/**
 * Staged catalog drafts (issue 15) after they are staged: shown with their problems and plan,
 * edited, discarded, or applied — checked by the CSV rules against the catalog as it is at that
 * moment, and written by the same `writePlan` as a CSV import, in one transaction with the
 * draft's status (so a draft applies once, and never with a problem: nothing half-applies).
 */
import { checkDraft, loadCurrentCatalog } from '../../booking';
import { publicError, type CatalogDraftRow, type CatalogDraftView } from '../../contract';
import type { Database } from '../db/database';
import type { Logger } from '../logger';
import {
  decideDraft,
  loadDraft,
  openDrafts,
  updateDraftRows,
  type StoredDraft,
} from '../stores/catalog-drafts';
import { knownTenant, planView, writePlan } from './catalog-import';

export async function draftView(
  db: Database,
  tenant: string,
  d: StoredDraft,
): Promise<CatalogDraftView> {
  const schema = await knownTenant(db, tenant);
  const checked = checkDraft(d.rows, await loadCurrentCatalog(db, schema));
  return {
    id: d.id,
    status: d.status,
    source: d.source,
    createdAt: d.createdAt.toISOString(),
    photoKey: d.photoKey,
    readBy: d.readBy,
    rows: d.rows,
    ...planView(checked.plan, checked.problems),
  };
}

async function draftOf(db: Database, tenant: string, id: string): Promise<StoredDraft> {
  const d = await loadDraft(db, await knownTenant(db, tenant), id);
  if (!d) throw publicError('not_found', 'no such catalog draft');
  return d;
}

export const getDraft = async (db: Database, tenant: string, id: string) =>
  draftView(db, tenant, await draftOf(db, tenant, id));

export async function listOpenDrafts(db: Database, tenant: string): Promise<CatalogDraftView[]> {
  const drafts = await openDrafts(db, await knownTenant(db, tenant));
  return Promise.all(drafts.map((d) => draftView(db, tenant, d)));
}

/** The owner's edited rows replace the draft's; checked again when shown. */
export async function editDraft(
  db: Database,
  tenant: string,
  id: string,
  rows: CatalogDraftRow[],
): Promise<CatalogDraftView> {
  await draftOf(db, tenant, id);
  if (!(await updateDraftRows(db, await knownTenant(db, tenant), id, rows)))
    throw publicError('conflict', 'this draft was applied or discarded already');
  return getDraft(db, tenant, id);
}

export async function discardDraft(
  db: Database,
  tenant: string,
  id: string,
  by: string,
): Promise<CatalogDraftView> {
  await draftOf(db, tenant, id);
  if (!(await decideDraft(db, await knownTenant(db, tenant), id, 'discarded', by)))
    throw publicError('conflict', 'this draft was applied or discarded already');
  return getDraft(db, tenant, id);
}

export type ApplyOutcome =
  | { applied: true; view: CatalogDraftView; written: CatalogDraftView['counts'] }
  | { applied: false; reason: 'problems' | 'decided'; view: CatalogDraftView };

/** Applies the whole draft or nothing: refused while any row has a problem. */
export async function applyDraft(
  db: Database,
  tenant: string,
  id: string,
  by: string,
  log?: Logger,
): Promise<ApplyOutcome> {
  const schema = await knownTenant(db, tenant);
  const outcome = await db.transaction(async (tx) => {
    const d = await loadDraft(tx, schema, id, { forUpdate: true });
    if (!d) throw publicError('not_found', 'no such catalog draft');
    if (d.status !== 'draft') return { applied: false as const, reason: 'decided' as const };
    const checked = checkDraft(d.rows, await loadCurrentCatalog(tx, schema));
    if (checked.problems.length > 0)
      return { applied: false as const, reason: 'problems' as const };
    await writePlan(tx, tenant, checked.plan);
    await decideDraft(tx, schema, id, 'applied', by);
    log?.info({ tenant, draft: id, ...checked.plan.counts }, 'catalog draft applied');
    return { applied: true as const, written: checked.plan.counts };
  });
  return { ...outcome, view: await getDraft(db, tenant, id) };
}
