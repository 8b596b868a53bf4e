import type { Language } from '../contract';

/** Short things a person says while they look something up, in the caller's language. */
const FILLERS: Record<Language, readonly string[]> = {
  en: ['One moment.', 'Let me check that for you.', 'Just a second.'],
  sw: ['Sawa, dakika moja.', 'Ngoja nikuangalie.', 'Subiri kidogo.'],
};

/** The `n`th filler of a call (they rotate, so a slow call does not repeat itself). */
export function fillerPhrase(lang: Language, n: number): string {
  const list = FILLERS[lang];
  return list[n % list.length]!;
}

/** What the agent says when the thread did not answer in time at all. */
export function stillWorkingPhrase(lang: Language): string {
  return lang === 'sw'
    ? 'Samahani, inachukua muda. Nitakutumia jibu kwa ujumbe.'
    : "Sorry, that is taking a while. I'll send you the answer by message.";
}

/** The greeting when the thread had nothing to say at the start of a call. */
export function defaultGreeting(lang: Language): string {
  return lang === 'sw' ? 'Habari, nikusaidie vipi?' : 'Hello, how can I help you?';
}
