import type Router from '@koa/router';
import type { Context } from 'koa';
import { z } from 'zod';
import type { AssetStore } from '../../adapters';
import { publicError } from '../../contract';
import type { Database } from '../db/database';
import { readJson, readRawBody } from '../http/body';
import type { Logger } from '../logger';
import {
  applyDraft,
  discardDraft,
  draftView,
  editDraft,
  getDraft,
  listOpenDrafts,
  type ApplyOutcome,
} from '../tenancy/catalog-drafts';
import {
  MAX_PHOTO_BYTES,
  refusalText,
  type PhotoRefusal,
  type PriceListReader,
} from '../tenancy/price-list-reader';
import { operatorOfTenant, type ConsoleAuth } from './console-auth';

type Ctx = Context & { params: Record<string, string | undefined> };

const REFUSAL_STATUS: Record<PhotoRefusal, number> = {
  no_model: 409,
  not_an_image: 415,
  too_large: 413,
  unread: 502,
  not_a_price_list: 422,
  not_kes: 422,
};

const rowSchema = z.object({
  name: z.string().max(200),
  nameSw: z.string().max(200).nullable(),
  category: z.string().max(80).nullable(),
  price: z.string().max(40),
  duration: z.string().max(40).nullable(),
});
const editSchema = z.object({ rows: z.array(rowSchema).max(500) });

/**
 * The console's price-list photo path (issue 15): `POST /api/tenants/:tenant/catalog/photo` with
 * an image body stages a draft (201) or says why not (409 no model key, 413, 415, 422, 502);
 * `.../catalog/drafts[/:id]` shows drafts with their problems by row; `PUT .../drafts/:id`
 * replaces the rows (the owner's edits); `POST .../drafts/:id/apply` applies the whole draft
 * (422 with its problems and nothing changed); `POST .../drafts/:id/discard`; and
 * `GET .../drafts/:id/photo` serves the photo it was read from.
 */
export function catalogDraftRoutes(
  router: Router,
  deps: {
    db: Database;
    auth: ConsoleAuth;
    log: Logger;
    assets: AssetStore;
    reader: PriceListReader;
  },
): void {
  const who = (ctx: Ctx) => operatorOfTenant(deps.auth, ctx);
  const base = '/api/tenants/:tenant/catalog';
  router.get(`${base}/photo`, async (ctx: Ctx) => {
    await who(ctx);
    ctx.body = { configured: deps.reader.configured, maxBytes: MAX_PHOTO_BYTES };
  });
  router.post(`${base}/photo`, async (ctx: Ctx) => {
    const { p, slug } = await who(ctx);
    if (!deps.reader.configured) return refuse(ctx, 'no_model');
    if (!ctx.is('image/*')) return refuse(ctx, 'not_an_image');
    const bytes = await readRawBody(ctx, MAX_PHOTO_BYTES);
    const caption = ctx.get('x-caption').slice(0, 300) || undefined;
    const outcome = await deps.reader.read(
      slug,
      { bytes, mimeType: ctx.get('content-type'), caption },
      { source: 'console', createdBy: p.subject },
    );
    if (outcome.kind === 'refused') return refuse(ctx, outcome.reason);
    ctx.status = 201;
    ctx.body = await draftView(deps.db, slug, outcome.draft);
  });
  router.get(`${base}/drafts`, async (ctx: Ctx) => {
    const { slug } = await who(ctx);
    ctx.body = { drafts: await listOpenDrafts(deps.db, slug) };
  });
  router.get(`${base}/drafts/:id`, async (ctx: Ctx) => {
    const { slug } = await who(ctx);
    ctx.body = await getDraft(deps.db, slug, String(ctx.params.id));
  });
  router.get(`${base}/drafts/:id/photo`, async (ctx: Ctx) => {
    const { slug } = await who(ctx);
    const draft = await getDraft(deps.db, slug, String(ctx.params.id));
    const photo = await deps.assets.get(draft.photoKey);
    if (!photo) throw publicError('not_found', 'the photo is no longer stored');
    ctx.type = photo.contentType;
    ctx.body = photo.body;
  });
  router.put(`${base}/drafts/:id`, async (ctx: Ctx) => {
    const { slug } = await who(ctx);
    const { rows } = await readJson(ctx, editSchema);
    ctx.body = await editDraft(deps.db, slug, String(ctx.params.id), rows);
  });
  router.post(`${base}/drafts/:id/apply`, async (ctx: Ctx) => {
    const { p, slug } = await who(ctx);
    answerApply(ctx, await applyDraft(deps.db, slug, String(ctx.params.id), p.subject, deps.log));
  });
  router.post(`${base}/drafts/:id/discard`, async (ctx: Ctx) => {
    const { p, slug } = await who(ctx);
    ctx.body = await discardDraft(deps.db, slug, String(ctx.params.id), p.subject);
  });
}

/** 200 with the applied draft; 422 with its problems, or 409 when decided already. */
function answerApply(ctx: Ctx, r: ApplyOutcome): void {
  if (r.applied) {
    ctx.body = r.view;
    return;
  }
  ctx.status = r.reason === 'problems' ? 422 : 409;
  ctx.body = {
    error: r.reason === 'problems' ? 'bad_request' : 'conflict',
    message:
      r.reason === 'problems'
        ? `${r.view.problems.length} problem(s); nothing changed`
        : 'this draft was applied or discarded already',
    ...r.view,
  };
}

function refuse(ctx: Ctx, reason: PhotoRefusal): void {
  ctx.status = REFUSAL_STATUS[reason];
  ctx.body = { error: reason, message: refusalText(reason, 'en') };
}
