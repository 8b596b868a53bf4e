/**
 * The eight personality dials of a tenant (tenant file `personality:`), defined once: the embedded
 * reply templates (machines/customer-thread/copy.ts) honour them, and the LLM prompts
 * (understanding/prompts/personality-lines.ts) tell a model to do the same.
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
