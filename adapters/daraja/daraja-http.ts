/**
 * One Daraja HTTP call with a deadline. Non-2xx answers become DarajaErrors carrying Daraja's
 * `errorCode` and `requestId`; transport failures become retryable DarajaErrors.
 */
import * as http from '../provider-http';
import { darajaErrorSchema } from './schema';

export const DARAJA_PROVIDER = 'daraja';

/** `errorCode`: Daraja's ("500.001.1001", "404.001.03"), when it sent one. */
export class DarajaError extends http.CodedProviderError {
  constructor(message: string, init: http.CodedErrorInit = {}) {
    super(DARAJA_PROVIDER, message, init);
    this.name = 'DarajaError';
  }
}

export type DarajaCall = Omit<http.ProviderCall, 'headers'> & { authorization: string };

/** Performs the call; resolves with the parsed JSON of a 2xx answer. */
export function darajaCall({ authorization, ...call }: DarajaCall): Promise<unknown> {
  const headers = { Authorization: authorization };
  return http.providerCall(DARAJA_PROVIDER, { ...call, headers }, DarajaError, refused);
}

function refused({ status, text, json }: http.JsonAnswer): http.Refusal {
  if (status >= 200 && status < 300) {
    return { detail: `answer is not JSON (HTTP ${status})`, status, retryable: true };
  }
  const e = darajaErrorSchema.safeParse(json);
  if (!e.success) return { detail: `HTTP ${status} ${text.slice(0, 200)}`, status };
  return {
    detail: `HTTP ${status} ${e.data.errorCode} ${e.data.errorMessage}`,
    status,
    errorCode: e.data.errorCode,
    requestId: e.data.requestId || undefined,
  };
}
