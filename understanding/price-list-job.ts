/**
 * "price_list_vision": a photo of a price list read by a model into the rows of a catalog draft
 * (issue 15). There is no embedded answer to fall back on: without a valid model answer the
 * value says so (`unread`), and the caller stages nothing.
 */
import type { CatalogDraftRow, LlmImage, LlmJob } from '../contract';
import { PINNED_PROMPTS, promptVersionOf } from './prompts';

const V = PINNED_PROMPTS.price_list_vision;

export interface PriceListRequest {
  tenant: { slug: string; name: string };
  /** Names of the services the tenant has now. */
  serviceNames: readonly string[];
  image: LlmImage;
  caption?: string | undefined;
  threadKey?: string | undefined;
}

export type PriceListReading =
  | { kind: 'read'; currency: string | null; rows: CatalogDraftRow[] }
  /** The model says the photo is not a price list (or it holds no readable service). */
  | { kind: 'not_a_price_list' }
  /** No model gave a valid answer (down, refused, garbage). */
  | { kind: 'unread' };

export function priceListJob(req: PriceListRequest): LlmJob<PriceListReading> {
  const version = promptVersionOf('price_list_vision');
  return {
    task: 'price_list_vision',
    tenant: req.tenant.slug,
    promptVersion: version,
    threadKey: req.threadKey,
    call: {
      system: {
        prefix: V.prefix(req.tenant.name, req.serviceNames),
        instructions: V.INSTRUCTIONS,
      },
      user: V.userMessage(req.caption),
      images: [req.image],
      tool: {
        name: V.TOOL_NAME,
        description: 'Record the services read from the price list.',
        schema: V.OUTPUT_SCHEMA,
      },
      maxOutputTokens: V.MAX_OUTPUT_TOKENS,
      cacheKey: `ratiba:${req.tenant.slug}:${version}`,
    },
    validate: (output) => {
      const r = V.outputSchema.safeParse(output);
      if (!r.success)
        return {
          ok: false,
          problem: r.error.issues
            .slice(0, 5)
            .map((i) => `${i.path.join('.')}: ${i.message}`)
            .join('; '),
        };
      if (!r.data.is_price_list || r.data.services.length === 0)
        return { ok: true, value: { kind: 'not_a_price_list' } };
      return {
        ok: true,
        value: { kind: 'read', currency: r.data.currency, rows: V.rowsOf(r.data) },
      };
    },
    fallback: () => ({ kind: 'unread' }),
    lastResort: () => ({ kind: 'unread' }),
  };
}
