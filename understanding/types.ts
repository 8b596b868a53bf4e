import type { Language, Understanding } from '../contract';

/** What the parser needs to know about a tenant's catalog. */
export interface NluCatalog {
  /** `names` holds the English name, the Swahili name and any aliases. */
  services: { id: string; names: string[] }[];
  staff: { id: string; name: string }[];
}

export interface ParseContext {
  /** The reference instant, epoch ms ("tomorrow" is relative to it). */
  now: number;
  /** The tenant's IANA time zone, e.g. Africa/Nairobi. */
  timezone: string;
  /** Language of the thread so far; kept for language-neutral messages ("ok", "1", emoji). */
  previousLanguage?: Language;
}

export interface EmbeddedParser {
  parse(text: string, ctx: ParseContext): Understanding;
}

export interface EmbeddedParserOptions {
  /** Only this many characters of a message are looked at; the rest is ignored. */
  maxInputChars: number;
  /**
   * Called when parsing a message failed unexpectedly. `parse` never throws: it returns an
   * `unknown` understanding with confidence 0 instead.
   */
  onError: (error: unknown) => void;
}

export const DEFAULT_EMBEDDED_PARSER_OPTIONS: EmbeddedParserOptions = {
  maxInputChars: 500,
  onError: () => {},
};
