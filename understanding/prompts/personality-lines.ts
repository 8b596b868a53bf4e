/** How each personality dial reads in a prompt (the dials themselves are in contract/). */
import type { PersonalityDials } from '../../contract';

const FORMALITY: Record<PersonalityDials['formality'], string> = {
  casual:
    'Casual and relaxed, like a friendly regular at the salon; contractions and everyday words are fine.',
  neutral: 'Plain and polite, neither stiff nor slangy.',
  formal:
    'Formal and respectful: full sentences, no slang; in Swahili use respectful forms (tafadhali, karibu, asante sana).',
};
const WARMTH: Record<PersonalityDials['warmth'], string> = {
  reserved: 'Reserved: get to the point, no small talk.',
  friendly: 'Friendly: a kind word is welcome, but keep it short.',
  warm: 'Warm: open with a short, genuinely welcoming phrase and make the customer feel looked after.',
};
const EMOJI: Record<PersonalityDials['emoji'], string> = {
  none: 'Never use emoji.',
  some: 'At most one emoji per message.',
  lots: 'Use two to four fitting emoji per message.',
};
const VERBOSITY: Record<PersonalityDials['verbosity'], string> = {
  brief: 'Brief: one or two short sentences; lists stay lists.',
  normal: 'Normal length: up to three sentences plus any list.',
  detailed:
    'Detailed: explain fully (up to six sentences plus any list) and add a helpful next step.',
};
const LANGUAGE: Record<PersonalityDials['languagePreference'], string> = {
  mirror: "Reply in the customer's language (English or Swahili); switch when they switch.",
  en: 'Always reply in English, even when the customer writes Swahili.',
  sw: 'Always reply in Swahili, even when the customer writes English.',
};
const UPSELL: Record<PersonalityDials['upsell'], string> = {
  never: 'Never suggest other services.',
  gentle: 'You may mention one related service by name, briefly, only when it clearly fits.',
  eager: 'When it fits, suggest one related service by name and invite them to book it.',
};

/** The dials as prompt lines, one per dial, always in the same order. */
export function describeDials(dials: PersonalityDials): string[] {
  return [
    `- Formality: ${FORMALITY[dials.formality]}`,
    `- Warmth: ${WARMTH[dials.warmth]}`,
    `- Emoji: ${EMOJI[dials.emoji]}`,
    `- Length: ${VERBOSITY[dials.verbosity]}`,
    `- Language: ${LANGUAGE[dials.languagePreference]}`,
    dials.greeting
      ? `- Greeting: when you greet a customer, use the business's own greeting: «${dials.greeting}».`
      : '- Greeting: greet only when the customer greets you, in a few words.',
    dials.signOff
      ? `- Sign-off: end every complete answer with the business's sign-off on its own line: «${dials.signOff}».`
      : '- Sign-off: no sign-off line.',
    `- Suggesting more: ${UPSELL[dials.upsell]}`,
  ];
}
