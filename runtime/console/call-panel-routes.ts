import type Router from '@koa/router';
import { z } from 'zod';
import { CallPanel, type CallPanelDeps, type CallPanelOptions } from '../calls/call-panel';
import { publicError } from '../../contract';
import { readJson } from '../http/body';
import { normalizePhone } from '../mailbox/phone';
import { readCatalog } from './booking-queries';
import type { ConsoleRouteHelpers } from './console-route-helpers';

const startSchema = z.object({
  from: z.string().min(3).max(32),
  language: z.enum(['en', 'sw']).default('en'),
});

/** Typed words, or a recording (base64 of WAV, WebM or Ogg: what a browser records). */
const turnSchema = z.union([
  z.object({ text: z.string().trim().min(1).max(1000) }).strict(),
  z
    .object({
      audio: z
        .string()
        .min(1)
        .max(4 * 1024 * 1024),
    })
    .strict(),
]);

/**
 * The console's "call as a customer" panel (README "Voice"), behind the console's
 * authentication and tenant scope:
 * - `POST /api/tenants/<t>/calls` `{ from, language? }` dials; the answer's `audio` is the
 *   greeting (WAV, base64) and `transcript` its words;
 * - `POST /api/tenants/<t>/calls/<callId>/turns` `{ text }` or `{ audio }` is one utterance;
 * - `POST /api/tenants/<t>/calls/<callId>/hangup` ends the call.
 * Returns the panel, to close with the server.
 */
export function callPanelRoutes(
  router: Router,
  h: ConsoleRouteHelpers,
  deps: Omit<CallPanelDeps, 'ingress' | 'log'>,
  options: Partial<CallPanelOptions> = {},
): CallPanel {
  const panel = new CallPanel({ ...deps, ingress: h.deps.ingress, log: h.deps.log }, options);
  const body = { limit: Math.ceil((panel.options.maxAudioBytes * 4) / 3) + 1024 };

  router.post('/api/tenants/:tenant/calls', async (ctx) => {
    const t = await h.tenantOf(ctx, await h.who(ctx));
    const b = await readJson(ctx, startSchema);
    const from = normalizePhone(b.from);
    if (!from)
      throw publicError('bad_request', '`from` must be a phone number (E.164, e.g. +254712345678)');
    const catalog = await readCatalog(h.deps.db, t.schema);
    const vocabulary = {
      services: catalog.services.filter((s) => s.active).map((s) => s.name),
      staff: catalog.staff.map((s) => s.name),
    };
    ctx.status = 201;
    ctx.body = await panel.start(
      { slug: t.slug, timezone: t.timezone, vocabulary },
      from,
      b.language,
    );
  });

  router.post('/api/tenants/:tenant/calls/:callId/turns', async (ctx) => {
    const t = await h.tenantOf(ctx, await h.who(ctx));
    const b = await readJson(ctx, turnSchema, body.limit);
    const id = String(ctx.params.callId);
    const input = 'text' in b ? { text: b.text } : { audio: Buffer.from(b.audio, 'base64') };
    ctx.body = await panel.say(t.slug, id, input);
  });

  router.post('/api/tenants/:tenant/calls/:callId/hangup', async (ctx) => {
    const t = await h.tenantOf(ctx, await h.who(ctx));
    ctx.body = await panel.hangUp(t.slug, String(ctx.params.callId));
  });
  return panel;
}
