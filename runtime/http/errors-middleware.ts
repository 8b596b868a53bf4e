import type { Middleware } from 'koa';
import { RatibaError, type ErrorCode } from '../../contract';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';

const STATUS: Partial<Record<ErrorCode, number>> = {
  bad_request: 400,
  invalid_tenant_file: 400,
  invalid_schema_name: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_many_requests: 429,
  unknown_tenant: 404,
  body_too_large: 413,
  unsupported_media_type: 415,
  database_unavailable: 503,
  shutting_down: 503,
  timeout: 504,
};

/** Public errors become `{ error: code, message }` with a 4xx; anything else a bare 500. */
export function errorMiddleware(log: Logger, metrics: Metrics): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      if (err instanceof RatibaError && (err.public || STATUS[err.code] === 503)) {
        ctx.status = STATUS[err.code] ?? 400;
        ctx.body = { error: err.code, message: err.message };
        metrics.errors.inc({ code: err.code });
        if (ctx.status >= 500) log.warn({ err, path: ctx.path }, 'request failed');
        return;
      }
      metrics.errors.inc({ code: 'internal' });
      log.error({ err, method: ctx.method, path: ctx.path }, 'request failed');
      ctx.status = 500;
      ctx.body = { error: 'internal', message: 'internal error' };
    }
  };
}
