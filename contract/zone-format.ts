/**
 * `Intl.DateTimeFormat`s kept per (locale, options): building one costs far more than formatting
 * with it (a time zone's rules are loaded each time), and turns format the same few tenant zones
 * over and over. Throws like the constructor for an unknown time zone (nothing is kept then).
 */
const FORMATTERS = new Map<string, Intl.DateTimeFormat>();
/** Distinct (locale, options) pairs kept; far above the zones one process serves. */
const MAX_FORMATTERS = 1000;

export function zonedFormatter(
  locale: string,
  options: Intl.DateTimeFormatOptions & { timeZone: string },
): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = FORMATTERS.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    if (FORMATTERS.size >= MAX_FORMATTERS) FORMATTERS.clear();
    FORMATTERS.set(key, f);
  }
  return f;
}
