/**
 * The eight personality dials of a tenant (tenant file `personality:`), and how each one reads
 * in a prompt. The embedded reply templates (machines/customer-thread/copy.ts) honour the same
 * dials; these sentences tell a model to do the same.
 */
import { z } from 'zod';

export interface PersonalityDials {
  formality: 'casual' | 'neutral' | 'formal';
  warmth: 'reserved' | 'friendly' | 'warm';
  emoji: 'none' | 'some' | 'lots';
  verbosity: 'brief' | 'normal' | 'detailed';
  languagePreference: 'mirror' | 'en' | 'sw';
  greeting: string | null;
  signOff: string | null;
  upsell: 'never' | 'gentle' | 'eager';
}

export const DEFAULT_PERSONALITY_DIALS: Readonly<PersonalityDials> = {
  formality: 'neutral',
  warmth: 'friendly',
  emoji: 'some',
  verbosity: 'normal',
  languagePreference: 'mirror',
  greeting: null,
  signOff: null,
  upsell: 'gentle',
};

const d = DEFAULT_PERSONALITY_DIALS;
const text = z
  .string()
  .transform((s) => s.trim().slice(0, 200) || null)
  .nullable()
  .catch(null);
const rawDials = z.object({
  formality: z.enum(['casual', 'neutral', 'formal']).catch(d.formality),
  warmth: z.enum(['reserved', 'friendly', 'warm']).catch(d.warmth),
  emoji: z.enum(['none', 'some', 'lots']).catch(d.emoji),
  verbosity: z.enum(['brief', 'normal', 'detailed']).catch(d.verbosity),
  language_preference: z.enum(['mirror', 'en', 'sw']).catch(d.languagePreference),
  greeting: text.optional(),
  sign_off: text.optional(),
  upsell: z.enum(['never', 'gentle', 'eager']).catch(d.upsell),
});

/** Reads the tenant file's `personality` (snake_case); anything missing or malformed is the default. */
export function readPersonalityDials(raw: unknown): PersonalityDials {
  const p = rawDials.catch(() => rawDials.parse({})).parse(raw ?? {});
  return {
    formality: p.formality,
    warmth: p.warmth,
    emoji: p.emoji,
    verbosity: p.verbosity,
    languagePreference: p.language_preference,
    greeting: p.greeting ?? null,
    signOff: p.sign_off ?? null,
    upsell: p.upsell,
  };
}

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
