import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import { z } from 'zod';
import { publicError, type Language } from '../../contract';
import {
  IngressTurnBridge,
  VOICE_SUBJECTS,
  type CallRoute,
  type TurnBridge,
  type VoiceGatewayAnswer,
  type VoiceTurnRequest,
} from '../../voice';
import type { Logger } from '../logger';
import type { Ingress } from '../mailbox/ingress';
import { normalizePhone } from '../mailbox/phone';
import type { Tenant, TenantRegistry } from '../tenancy/tenant-registry';

interface GatewayDeps {
  nc: NatsConnection;
  ingress: Ingress;
  tenants: TenantRegistry;
  log: Logger;
}

const strings = (xs: unknown): string[] =>
  Array.isArray(xs) ? xs.filter((x): x is string => typeof x === 'string' && x.length > 0) : [];

/** A tenant's call settings: languages, ElevenLabs voices, the recogniser's vocabulary. */
export function callRouteOf(tenant: Tenant): CallRoute {
  const s = tenant.settings as {
    voice?: { elevenlabs?: Partial<Record<Language, string>> };
    services?: { name?: { en?: string; sw?: string } }[];
    staff?: { name?: string }[];
  };
  const languages = tenant.languages.filter((l): l is Language => l === 'en' || l === 'sw');
  return {
    tenant: tenant.slug,
    timezone: tenant.timezone,
    languages: languages.length ? languages : ['en'],
    voices: { ...(s.voice?.elevenlabs ?? {}) },
    vocabulary: {
      services: strings((s.services ?? []).flatMap((x) => [x.name?.en, x.name?.sw])),
      staff: strings((s.staff ?? []).map((x) => x.name)),
    },
  };
}

/** The tenant whose voice number was dialled (channels.voice), or null. */
export async function routeCall(
  tenants: TenantRegistry,
  called: string,
): Promise<CallRoute | null> {
  const number = normalizePhone(called);
  const slug = number ? await tenants.resolve('voice', number) : undefined;
  const tenant = slug ? await tenants.get(slug) : undefined;
  return tenant ? callRouteOf(tenant) : null;
}

const callSchema = z.object({
  tenant: z.string().min(1).max(64),
  from: z.string().min(3).max(32),
  callId: z.string().regex(/^[A-Za-z0-9_.:-]{1,80}$/),
});
const turnSchema = z.object({
  seq: z.number().int().min(0).max(1_000_000),
  text: z.string().max(4000),
  replyId: z.string().max(256).optional(),
});
const requestSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('start'), call: callSchema }),
  z.object({ op: z.literal('say'), call: callSchema, turn: turnSchema }),
  z.object({ op: z.literal('unheard'), call: callSchema, turn: turnSchema }),
  z.object({
    op: z.literal('end'),
    call: callSchema,
    reason: z.enum(['hangup', 'agent', 'error']),
  }),
]);
const routeSchema = z.object({ called: z.string().min(1).max(40) });

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const r = schema.safeParse(body);
  if (!r.success)
    throw publicError(
      'bad_request',
      r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  return r.data;
}

function answerTurn(bridge: TurnBridge, r: VoiceTurnRequest): Promise<unknown> {
  switch (r.op) {
    case 'start':
      return bridge.start(r.call);
    case 'say':
      return bridge.say(r.call, r.turn);
    case 'unheard':
      return bridge.unheard(r.call, r.turn).then(() => ({ status: 'ok', replies: [] }));
    case 'end':
      return bridge.end(r.call, { reason: r.reason }).then(() => ({ status: 'ok', replies: [] }));
  }
}

/**
 * The voice gateway: any node answers the voice worker's requests (NATS queue group), through
 * its own ingress — a call's turns are inbox rows like every other event, their replies come
 * back over the cluster's reply subjects. Bad requests are answered with an error, never crash.
 */
export function serveVoiceGateway(deps: GatewayDeps): { close(): void } {
  const bridge = new IngressTurnBridge(deps.ingress);
  const serve = (subject: string, handle: (body: unknown) => Promise<unknown>): Subscription =>
    deps.nc.subscribe(subject, {
      queue: 'ratiba.voice',
      callback: (err, m) => {
        if (err) return;
        void (async () => {
          let answer: VoiceGatewayAnswer<unknown>;
          try {
            answer = { ok: true, result: await handle(m.json<unknown>()) };
          } catch (e) {
            const code = (e as { code?: string }).code ?? 'internal';
            deps.log.warn({ err: e, subject }, 'voice gateway request failed');
            answer = { ok: false, error: code, message: (e as Error).message };
          }
          m.respond(JSON.stringify(answer));
        })();
      },
    });
  const subs = [
    serve(VOICE_SUBJECTS.route, (b) => routeCall(deps.tenants, parse(routeSchema, b).called)),
    serve(VOICE_SUBJECTS.turn, (b) => answerTurn(bridge, parse(requestSchema, b))),
  ];
  return { close: () => subs.forEach((s) => s.unsubscribe()) };
}
