import type { EffectHandler, EffectHandlers } from './effect-handler';

/** The probe machine's call: answers with what it was given. */
export const probeEcho: EffectHandler = {
  answers: true,
  run(payload) {
    return Promise.resolve({ echo: payload.text ?? null });
  },
};

/** Handlers that need nothing from outside (channel senders and booking calls are added by app.ts). */
export function builtinHandlers(): EffectHandlers {
  return new Map([['probe.echo', probeEcho]]);
}
