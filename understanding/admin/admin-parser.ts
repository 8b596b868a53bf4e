/**
 * The owner's commands, in English and Swahili, read deterministically (DESIGN.md section 6's
 * embedded parser, extended to the admin side). `parse` never throws: what it cannot read is
 * `unknown`, and a command it recognises but cannot use as written is a `problem` (unknown staff
 * or service with a did-you-mean, an ambiguous or past date, something missing).
 */
import type { AdminCommand, AdminUnderstanding } from '../../contract';
import { detectLanguage } from '../language';
import { normalizeText } from '../normalize';
import { NameFinder, type AdminCatalog } from './admin-names';
import type { AdminParseContext, Read } from './admin-read';
import { RULES } from './admin-rules';

export type { AdminParseContext } from './admin-read';

export interface AdminParser {
  parse(text: string, ctx: AdminParseContext): AdminUnderstanding;
}

export function createAdminParser(catalog: AdminCatalog): AdminParser {
  const names = new NameFinder(catalog);
  return {
    parse(raw, ctx) {
      const input = typeof raw === 'string' ? raw.slice(0, 1000) : '';
      const n = normalizeText(input, 500);
      const r: Read = { raw: input, text: n.text, words: n.words, ctx, names };
      const language =
        /\b(ya|kwa|leo|kesho|nani|bei|funga|weka|jibu|ndiyo|ndio|hapana|sawa|mwezi|miadi|ratiba|saa|huduma|mfanyakazi|imekamilika|hakufika|hakuja|zuia|mapato|kamisheni|likizo|ghairi|hamisha|rudisha|chukua|tarehe|wateja|mteja|tumefunga|sitisha|ongeza|taarifa|msaada|amri|fungua|tutafungua|ziada|rekebisha|sahihisha|anafanya|atafanya|mpe|bakshishi|kusuka|rejesho|marejesho|limefanyika|yamefanyika|yametumwa)\b/.test(
          n.text,
        )
          ? 'sw'
          : detectLanguage(n.words, undefined);
      let command: AdminCommand = { type: 'unknown' };
      try {
        for (const rule of RULES) {
          const c = rule(r);
          if (c) {
            command = c;
            break;
          }
        }
      } catch {
        command = { type: 'unknown' };
      }
      return { language, command };
    },
  };
}
