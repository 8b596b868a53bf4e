import { RatibaError } from '../errors';
import type { EffectHandler, EffectHandlers } from './effect-handler';

/**
 * `message.send` for the simulator channel: the outbox row is itself the record of what the
 * bot said (the simulator API already returned it to the caller). Other channels are added by
 * their adapters; until one is wired, a send to it is given up with a clear error.
 */
export const simulatorSend: EffectHandler = {
  answers: false,
  run(payload) {
    if (payload.channel === 'simulator') return Promise.resolve({ delivered: 'simulator' });
    return Promise.reject(
      new RatibaError(
        'unknown_effect',
        `no sender is configured for channel ${String(payload.channel)}`,
      ),
    );
  },
};

/** The probe machine's call: answers with what it was given. */
export const probeEcho: EffectHandler = {
  answers: true,
  run(payload) {
    return Promise.resolve({ echo: payload.text ?? null });
  },
};

export function builtinHandlers(): EffectHandlers {
  return new Map([
    ['message.send', simulatorSend],
    ['probe.echo', probeEcho],
  ]);
}
