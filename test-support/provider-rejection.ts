import { expect } from 'vitest';
import { ProviderError } from '../contract/errors';

/** What `promise` rejects with, asserted to be a `type` and so a ProviderError. */
export async function providerRejection<E extends ProviderError>(
  promise: Promise<unknown>,
  type: new (...args: never[]) => E,
): Promise<E> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(type);
  expect(err).toBeInstanceOf(ProviderError);
  return err as E;
}
