import { pino, type Logger } from 'pino';

export type { Logger };

export interface LoggerOptions {
  level: string;
  /** When false (the default), every field under `pii` is redacted. */
  logPii: boolean;
  name?: string;
}

/**
 * Structured JSON logs. Messages are static lowercase strings; phone numbers, names and message
 * text go only under `pii`, which is censored unless PII debug logging is on.
 */
export function createLogger(options: LoggerOptions, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level: options.level,
      base: { name: options.name ?? 'ratiba' },
      redact: options.logPii ? [] : { paths: ['pii', '*.pii'], censor: '[redacted]' },
    },
    destination,
  );
}
