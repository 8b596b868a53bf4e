/**
 * A photo of a price list from the owner (issue 15): read into a staged draft by
 * `admin.catalog_photo`, summed up with Confirm / Cancel taps (`cat:apply:<id>`,
 * `cat:discard:<id>`), applied whole or discarded by `admin.catalog_draft`. The draft id is in
 * the taps, so the thread stays `ready` meanwhile and an old summary's tap still works. Pure.
 */
import type { AdminCallKinds, CatalogPhotoResult } from '../../contract';
import { cap, money } from './format';
import { call, L, reply, say, stay } from './helpers';
import type { AdminContext, AdminMessageEvent, AdminThreadEvent, Lang, Step } from './types';

type Update = Pick<Step, 'patch' | 'effects'>;

const TAP = /^cat:(apply|discard):([0-9a-f-]{36})$/;
const MAX_LINES = 15;

/** A photo (with its media id) or a tap on a draft's summary; undefined for anything else. */
export function catalogPhotoStep(
  c: AdminContext,
  e: AdminMessageEvent,
  lang: Lang,
): Step | undefined {
  const tap = TAP.exec(e.replyId ?? '');
  if (tap)
    return stay([call('admin.catalog_draft', { draftId: tap[2]!, action: tap[1]! })], { lang });
  if (e.media !== 'image' || !e.mediaId) return undefined;
  return stay(
    [
      say(L(lang, '📷 Reading your price list…', '📷 Ninasoma orodha yako ya bei…')),
      call('admin.catalog_photo', {
        mediaId: e.mediaId,
        mimeType: e.mimeType ?? 'image/jpeg',
        caption: e.text,
      }),
    ],
    { lang },
  );
}

function summary(r: Extract<CatalogPhotoResult, { staged: true }>, lang: Lang): string {
  const changed = r.services.filter((s) => s.action !== 'unchanged');
  const lines = changed
    .slice(0, MAX_LINES)
    .map(
      (s) =>
        `${s.action === 'create' ? '➕' : '✏️'} ${cap(s.name, 40)}: ${money(s.priceKesMinor)}, ${s.durationMin} min`,
    );
  if (changed.length > MAX_LINES)
    lines.push(
      L(lang, `…and ${changed.length - MAX_LINES} more`, `…na ${changed.length - MAX_LINES} zaidi`),
    );
  const problems = r.problems
    .slice(0, 5)
    .map((p) => `⚠️ ${L(lang, 'Row', 'Mstari')} ${p.line}: ${cap(p.message, 80)}`);
  const head = L(
    lang,
    `I read ${r.services.length} service(s) from the photo. Nothing is changed until you confirm:`,
    `Nimesoma huduma ${r.services.length} kwenye picha. Hakuna kinachobadilika hadi uthibitishe:`,
  );
  const tail = r.problems.length
    ? L(
        lang,
        'Some rows need fixing before this can be applied: edit the draft on the console’s catalog page, or send a clearer photo.',
        'Baadhi ya mistari inahitaji kurekebishwa kabla ya kutumika: hariri rasimu kwenye ukurasa wa katalogi wa console, au tuma picha iliyo wazi zaidi.',
      )
    : changed.length === 0
      ? L(lang, 'Your catalog already matches it.', 'Katalogi yako tayari inalingana nayo.')
      : '';
  return [head, ...lines, ...problems, tail].filter(Boolean).join('\n');
}

/** `admin.catalog_photo` done: the draft's summary with its taps, or why there is none. */
export function onCatalogPhoto(c: AdminContext, e: AdminThreadEvent): Update {
  if (e.type === 'effect.failed' && e.kind === 'admin.catalog_photo')
    return {
      patch: {},
      effects: [
        say(
          L(
            c.lang,
            'Sorry, I could not read that photo; nothing was changed. Please send it again.',
            'Samahani, sikuweza kusoma picha hiyo; hakuna kilichobadilishwa. Tafadhali itume tena.',
          ),
        ),
      ],
    };
  if (e.type !== 'call.result' || e.kind !== 'admin.catalog_photo')
    return { patch: {}, effects: [] };
  const r = e.result as AdminCallKinds['admin.catalog_photo']['result'];
  if (!r.staged) return { patch: {}, effects: [say(r.text[c.lang])] };
  const appliable = r.problems.length === 0 && r.services.some((s) => s.action !== 'unchanged');
  const buttons = [
    ...(appliable
      ? [{ id: `cat:apply:${r.draftId}`, title: L(c.lang, 'Confirm', 'Thibitisha') }]
      : []),
    { id: `cat:discard:${r.draftId}`, title: L(c.lang, 'Cancel', 'Ghairi') },
  ];
  return {
    patch: {},
    effects: [reply({ kind: 'buttons', text: summary(r, c.lang).slice(0, 1024), buttons })],
  };
}

/** `admin.catalog_draft` done: what happened to the catalog. */
export function onCatalogDraft(c: AdminContext, e: AdminThreadEvent): Update {
  if (e.type !== 'call.result' || e.kind !== 'admin.catalog_draft')
    return { patch: {}, effects: [] };
  const r = e.result as AdminCallKinds['admin.catalog_draft']['result'];
  const text = !r.done
    ? L(
        c.lang,
        'That price list was already applied or cancelled.',
        'Orodha hiyo ya bei ilishatumika au kughairiwa.',
      )
    : r.problems > 0
      ? L(
          c.lang,
          `Not applied: ${r.problems} row(s) still need fixing. Nothing was changed.`,
          `Haikutumika: mistari ${r.problems} bado inahitaji kurekebishwa. Hakuna kilichobadilishwa.`,
        )
      : r.applied > 0
        ? L(
            c.lang,
            `✅ Catalog updated: ${r.applied} service(s).`,
            `✅ Katalogi imesasishwa: huduma ${r.applied}.`,
          )
        : L(c.lang, 'Cancelled; the catalog is unchanged.', 'Imeghairiwa; katalogi haijabadilika.');
  return { patch: {}, effects: [say(text)] };
}
