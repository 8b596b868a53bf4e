import type { Intent } from '../../contract';
import { resultOf } from './results';
import { readMessage } from './said';
import type { CustomerThreadEvent, Said, ThreadContext } from './types';

/** The building blocks of the guards (`guards.ts`, `payment-guards.ts`). */

export interface Args {
  context: ThreadContext;
  event: CustomerThreadEvent;
}
export type Guard = (args: Args) => boolean;

/** The message, read; null for other events. */
export const said = (event: CustomerThreadEvent): Said | null =>
  event.type === 'message' ? readMessage(event) : null;

export const onMessage =
  (test: (s: Said, context: ThreadContext, event: CustomerThreadEvent) => boolean): Guard =>
  ({ context, event }) => {
    const s = said(event);
    return s !== null && test(s, context, event);
  };

export const intentIs = (s: Said, ...intents: Intent[]) =>
  s.confident && intents.includes(s.intent);

/** The result of a call of `kind`, or null. */
export const result = (kind: string) => (event: CustomerThreadEvent) => resultOf(event, kind);
