import type { Language } from '../../contract';
import { EN_COPY, EN_LABELS } from './copy-en';
import { SW_COPY, SW_LABELS } from './copy-sw';
import type { CopyBook, CopyKey, CopyParams, LabelBook, LabelKey, Parts, Voice } from './copy-book';
import type { Personality } from './types';

/**
 * All customer-facing wording. Templates (en in `copy-en.ts`, sw in `copy-sw.ts`) return the
 * parts of a message; `say()` puts them together according to the tenant's personality dials:
 *
 * - formality (casual / neutral / formal) and warmth (reserved / friendly / warm) pick phrasings
 *   inside the templates (`Voice`), and warmth `warm` adds the template's warm touch;
 * - verbosity: `brief` keeps only the core sentence, `normal` adds the hint, `detailed` the detail;
 * - emoji: `none` strips them, `some` adds the template's first one, `lots` adds all of them;
 * - greeting and sign-off: the tenant's own words replace the default salutation and close the
 *   messages that end a task;
 * - upsell: `eager` picks the pushier cross-sell wording (`never` is handled by the machine);
 * - language preference: applied by the machine when it picks the reply language.
 */

export type {
  CopyBook,
  CopyKey,
  CopyParams,
  LabelBook,
  LabelKey,
  Parts,
  Template,
  Voice,
} from './copy-book';

const BOOKS: Record<Language, CopyBook> = { en: EN_COPY, sw: SW_COPY };
const LABELS: Record<Language, LabelBook> = { en: EN_LABELS, sw: SW_LABELS };

export function render(parts: Parts, dials: Personality): string {
  const pieces: string[] = [];
  if (dials.warmth === 'warm' && parts.warm) pieces.push(parts.warm);
  pieces.push(parts.text);
  if (dials.verbosity !== 'brief' && parts.hint) pieces.push(parts.hint);
  if (dials.verbosity === 'detailed' && parts.detail) pieces.push(parts.detail);
  let text = pieces.join(' ');
  const emoji = parts.emoji ?? [];
  if (dials.emoji === 'some' && emoji[0]) text = `${text} ${emoji[0]}`;
  if (dials.emoji === 'lots' && emoji.length) text = `${text} ${emoji.join('')}`;
  if (parts.close && dials.signOff) text = `${text}\n${dials.signOff}`;
  return text;
}

/** One sentence or message of customer-facing text, in `lang`, with the dials applied. */
export function say(key: CopyKey, lang: Language, dials: Personality, p: CopyParams = {}): string {
  const voice: Voice = {
    formality: dials.formality,
    warmth: dials.warmth,
    eager: dials.upsell === 'eager',
  };
  return render(BOOKS[lang][key](p, voice), dials);
}

/** The greeting line: the tenant's own greeting when it has one. */
export function salutation(lang: Language, dials: Personality): string {
  return dials.greeting ?? say('greeting', lang, dials);
}

/** A button or list title (short, no dials). */
export function label(key: LabelKey, lang: Language): string {
  return LABELS[lang][key];
}
