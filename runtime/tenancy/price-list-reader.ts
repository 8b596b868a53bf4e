/**
 * A photo of a price list to a staged catalog draft (issue 15): checked (a JPEG, PNG or WebP of
 * at most 5 MB, its bytes what its type says), kept in the asset store, read by a vision model
 * through the LLM router (the pinned `price-list-vision.v1` prompt), and staged — never applied:
 * the owner reviews it first (catalog-drafts.ts). Without a model key it says so plainly; CSV
 * import needs no key. Refusals are values, worded for the console and for WhatsApp (EN/SW).
 */
import { randomUUID } from 'node:crypto';
import type { AssetStore } from '../../adapters';
import { createLlmRouter, type LlmRouter } from '../../adapters/llm';
import { loadCurrentCatalog } from '../../booking';
import type { LlmImageType, Queryable } from '../../contract';
import { priceListJob } from '../../understanding';
import type { LlmConfig } from '../config';
import { llmProviders } from '../conversation/llm-understander';
import { createTenantLedgerSink } from '../conversation/tenant-ledger-sink';
import type { Logger } from '../logger';
import { insertDraft, type NewDraft, type StoredDraft } from '../stores/catalog-drafts';
import { knownTenant } from './catalog-import';

/** What both providers accept inline for one image. */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

export type PhotoRefusal =
  'no_model' | 'not_an_image' | 'too_large' | 'unread' | 'not_a_price_list' | 'not_kes';

export type PhotoOutcome =
  | { kind: 'staged'; draft: StoredDraft }
  | { kind: 'refused'; reason: PhotoRefusal; detail?: string };

export interface Photo {
  bytes: Buffer;
  /** The type the sender declared (content-type, WhatsApp's mime_type). */
  mimeType: string;
  caption?: string | undefined;
}

export type PhotoSource = Pick<NewDraft, 'source' | 'createdBy' | 'adminThread' | 'sourceRef'>;

const EXT: Record<LlmImageType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
};

/** The image type the bytes are (magic numbers), if one a model reads. */
export function imageTypeOf(b: Buffer): LlmImageType | undefined {
  if (b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.subarray(0, 8).equals(Buffer.from('89504e470d0a1a0a', 'hex'))) return 'image/png';
  if (b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString() === 'WEBP')
    return 'image/webp';
  return undefined;
}

/** Why a photo cannot be read, before anything is stored; undefined when it can. */
export function photoProblem(p: Photo): PhotoRefusal | undefined {
  if (p.bytes.length > MAX_PHOTO_BYTES) return 'too_large';
  const declared = p.mimeType.split(';')[0]?.trim().toLowerCase();
  const actual = imageTypeOf(p.bytes);
  return actual && declared === actual ? undefined : 'not_an_image';
}

/** A model reads a photo for longer than a chat turn waits: its own router, same providers. */
export const VISION_TIMEOUT_MS = 60_000;

/** The router for photos over the configured providers; undefined without a model key. */
export function priceListRouter(
  llm: LlmConfig,
  deps: { db: Queryable; log: Logger },
): LlmRouter | undefined {
  const providers = llmProviders({ ...llm, timeoutMs: VISION_TIMEOUT_MS });
  if (providers.length === 0) return undefined;
  return createLlmRouter({
    providers,
    ledger: createTenantLedgerSink(deps.db),
    timeoutMs: VISION_TIMEOUT_MS,
    deadlineMs: 2 * VISION_TIMEOUT_MS,
    onEvent: (e) => {
      if (e.type === 'attempt_failed')
        deps.log.warn(
          {
            task: e.task,
            tenant: e.tenant,
            provider: e.provider,
            reason: e.reason,
            detail: e.detail,
          },
          'model call failed',
        );
    },
  });
}

export interface PriceListReaderDeps {
  db: Queryable;
  assets: AssetStore;
  /** Undefined without a model key: photos are refused with `no_model`. */
  router: LlmRouter | undefined;
  log: Logger;
}

export class PriceListReader {
  constructor(private readonly deps: PriceListReaderDeps) {}

  get configured(): boolean {
    return this.deps.router !== undefined;
  }

  async read(tenant: string, photo: Photo, from: PhotoSource): Promise<PhotoOutcome> {
    const router = this.deps.router;
    if (!router) return { kind: 'refused', reason: 'no_model' };
    const problem = photoProblem(photo);
    if (problem) return { kind: 'refused', reason: problem };
    const schema = await knownTenant(this.deps.db, tenant);
    const type = imageTypeOf(photo.bytes)!;
    const id = randomUUID();
    const photoKey = `t_${tenant}/catalog-photos/${id}.${EXT[type]}`;
    await this.deps.assets.put(photoKey, photo.bytes, {
      contentType: type,
      metadata: { tenant, source: from.source },
    });
    const current = await loadCurrentCatalog(this.deps.db, schema);
    const name = await this.deps.db.query<{ name: string }>(
      'SELECT name FROM public.tenants WHERE slug = $1',
      [tenant],
    );
    const routed = await router.route(
      priceListJob({
        tenant: { slug: tenant, name: name.rows[0]?.name ?? tenant },
        serviceNames: current.services.map((s) => s.name_en),
        image: { mediaType: type, base64: photo.bytes.toString('base64') },
        caption: photo.caption,
        threadKey: from.adminThread ?? undefined,
      }),
    );
    const r = routed.value;
    this.deps.log.info(
      { tenant, photoKey, outcome: r.kind, source: routed.source, failures: routed.failures },
      'price list photo read',
    );
    if (r.kind === 'unread')
      return { kind: 'refused', reason: 'unread', detail: routed.failures.join(', ') };
    if (r.kind === 'not_a_price_list') return { kind: 'refused', reason: 'not_a_price_list' };
    if (r.currency && !/^(kes|ksh|kshs)$/i.test(r.currency))
      return { kind: 'refused', reason: 'not_kes', detail: r.currency };
    const draft = await insertDraft(this.deps.db, schema, {
      id,
      photoKey,
      readBy: `${routed.source}:${routed.promptVersion}`,
      rows: r.rows,
      ...from,
    });
    return { kind: 'staged', draft };
  }
}

const TEXT: Record<PhotoRefusal, { en: string; sw: string }> = {
  no_model: {
    en: 'Reading a photo of a price list needs a model key (ANTHROPIC_API_KEY or OPENAI_API_KEY), and none is set. Importing a CSV price list works without one.',
    sw: 'Kusoma picha ya orodha ya bei kunahitaji ufunguo wa modeli (ANTHROPIC_API_KEY au OPENAI_API_KEY), na haujawekwa. Kuingiza orodha ya bei kwa CSV kunafanya kazi bila ufunguo.',
  },
  not_an_image: {
    en: 'That is not a photo I can read: send a JPEG, PNG or WebP image.',
    sw: 'Hiyo si picha ninayoweza kusoma: tuma picha ya JPEG, PNG au WebP.',
  },
  too_large: {
    en: `That photo is over ${MAX_PHOTO_BYTES / 1024 / 1024} MB: send a smaller one.`,
    sw: `Picha hiyo ni zaidi ya MB ${MAX_PHOTO_BYTES / 1024 / 1024}: tuma ndogo zaidi.`,
  },
  unread: {
    en: 'The model could not read that photo just now; nothing was changed. Please try again, or import a CSV.',
    sw: 'Modeli haikuweza kusoma picha hiyo sasa hivi; hakuna kilichobadilishwa. Tafadhali jaribu tena, au ingiza CSV.',
  },
  not_a_price_list: {
    en: 'That photo does not look like a price list; nothing was changed.',
    sw: 'Picha hiyo haionekani kuwa orodha ya bei; hakuna kilichobadilishwa.',
  },
  not_kes: {
    en: 'That price list is not in Kenyan shillings; the catalog is in KES. Nothing was changed.',
    sw: 'Orodha hiyo ya bei haiko kwa shilingi za Kenya; katalogi iko kwa KES. Hakuna kilichobadilishwa.',
  },
};

export const refusalText = (reason: PhotoRefusal, lang: 'en' | 'sw'): string => TEXT[reason][lang];
