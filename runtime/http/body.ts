import type { Context } from 'koa';
import type { z } from 'zod';
import { publicError } from '../../contract';

/** Reads the raw request body (signatures are computed over these exact bytes), bounded. */
export async function readRawBody(ctx: Context, limitBytes: number): Promise<Buffer> {
  const declared = Number(ctx.get('content-length') || 0);
  if (declared > limitBytes)
    throw publicError('body_too_large', `body larger than ${limitBytes} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > limitBytes) {
      ctx.req.destroy();
      throw publicError('body_too_large', `body larger than ${limitBytes} bytes`);
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/** A JSON body validated by a zod schema: 415 unless JSON, 400 with the problems named. */
export async function readJson<T extends z.ZodType>(
  ctx: Context,
  schema: T,
  limitBytes = 64 * 1024,
): Promise<z.infer<T>> {
  if (!ctx.is('application/json'))
    throw publicError('unsupported_media_type', 'send application/json');
  const raw = await readRawBody(ctx, limitBytes);
  let data: unknown;
  try {
    data = JSON.parse(raw.toString('utf8'));
  } catch {
    throw publicError('bad_request', 'body is not valid JSON');
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${i.path.join('.') || '(body)'}: ${i.message}`,
    );
    throw publicError('bad_request', problems.join('; '));
  }
  return parsed.data;
}
