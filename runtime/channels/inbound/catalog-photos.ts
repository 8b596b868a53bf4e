/**
 * The admin thread's price-list calls (issue 15). `admin.catalog_photo`: the owner's WhatsApp
 * image is downloaded through the Graph API media endpoint with the tenant's token and read
 * into a staged draft (PriceListReader); the result is the draft's summary or why there is none,
 * in both languages (the thread picks the owner's). `admin.catalog_draft`: the owner's tap
 * applies the draft whole (the CSV import's path) or discards it. A redelivered effect stages
 * the same photo once (the media id is the draft's source) and applies once.
 */
import type { WhatsAppAdapter } from '../../../adapters/whatsapp';
import type { AdminCallKinds, CatalogPhotoResult } from '../../../contract';
import type { Database } from '../../db/database';
import type { EffectHandler } from '../../effects/effect-handler';
import type { Logger } from '../../logger';
import { applyDraft, discardDraft, draftView } from '../../tenancy/catalog-drafts';
import {
  refusalText,
  type PhotoRefusal,
  type PriceListReader,
} from '../../tenancy/price-list-reader';
import type { ChannelAccounts } from '../channel-accounts';

export interface CatalogPhotoDeps {
  db: Database;
  accounts: ChannelAccounts;
  whatsapp: WhatsAppAdapter;
  reader: PriceListReader;
  log: Logger;
}

type PhotoPayload = AdminCallKinds['admin.catalog_photo']['payload'];
type DraftPayload = AdminCallKinds['admin.catalog_draft']['payload'];

const refused = (reason: PhotoRefusal): CatalogPhotoResult => ({
  staged: false,
  text: { en: refusalText(reason, 'en'), sw: refusalText(reason, 'sw') },
});

export function catalogPhotoHandlers(deps: CatalogPhotoDeps): Record<string, EffectHandler> {
  const photo: EffectHandler = {
    answers: true,
    async run(raw, ctx): Promise<CatalogPhotoResult> {
      const p = raw as unknown as PhotoPayload;
      // Said before the download: without a key there is nothing to download for.
      if (!deps.reader.configured) return refused('no_model');
      const account = await deps.accounts.whatsapp(ctx.tenant);
      if (!account) return refused('unread');
      const media = await deps.whatsapp.fetchMedia(account, p.mediaId);
      const outcome = await deps.reader.read(
        ctx.tenant.slug,
        { bytes: media.bytes, mimeType: media.mimeType || p.mimeType, caption: p.caption },
        {
          source: 'whatsapp',
          createdBy: ctx.threadKey,
          adminThread: ctx.threadKey,
          sourceRef: `wa:${p.mediaId}`,
        },
      );
      if (outcome.kind === 'refused') return refused(outcome.reason);
      const view = await draftView(deps.db, ctx.tenant.slug, outcome.draft);
      return {
        staged: true,
        draftId: view.id,
        services: view.services.map((s) => ({
          name: s.name,
          action: s.action,
          priceKesMinor: s.priceKesMinor,
          durationMin: s.durationMin,
        })),
        problems: view.problems.map((x) => ({ line: x.line, message: x.message })),
      };
    },
  };
  const draft: EffectHandler = {
    answers: true,
    async run(raw, ctx): Promise<AdminCallKinds['admin.catalog_draft']['result']> {
      const p = raw as unknown as DraftPayload;
      if (p.action === 'discard') {
        const view = await discardDraft(deps.db, ctx.tenant.slug, p.draftId, ctx.threadKey).catch(
          () => undefined,
        );
        return { done: view !== undefined, applied: 0, problems: 0 };
      }
      const r = await applyDraft(deps.db, ctx.tenant.slug, p.draftId, ctx.threadKey, deps.log);
      if (r.applied)
        return { done: true, applied: r.written.create + r.written.update, problems: 0 };
      return {
        done: r.reason === 'problems',
        applied: 0,
        problems: r.reason === 'problems' ? r.view.problems.length : 0,
      };
    },
  };
  return { 'admin.catalog_photo': photo, 'admin.catalog_draft': draft };
}
