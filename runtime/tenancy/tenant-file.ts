import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { commissionRuleFileSchema } from '../../booking';
import { RatibaError } from '../../contract';
import { describeUnknownKey, unknownKeys } from './unknown-keys';

/**
 * The declarative tenant file of `ratiba tenant apply` (see tenants/demo.yaml for an example).
 * Keys are snake_case, as people write YAML. Everything but slug and name has a default.
 */
const voiceId = z.string().regex(/^[A-Za-z0-9]{8,64}$/, 'an ElevenLabs voice id');
const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'an E.164 phone number like +254712345678');
/** A till (Buy Goods) number; a B2C shortcode (refunds by B2C: README, payments). */
const TILL = /^\d{5,10}$/;
const B2C_SHORTCODE = /^\d{5,7}$/;
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time like 09:00');
const weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
const span = z.object({ open: hhmm, close: hhmm });
const weekHours = z.partialRecord(weekday, z.array(span));

const service = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/),
  name: z.object({ en: z.string().min(1), sw: z.string().min(1).optional() }),
  category: z.string().min(1).default('general'),
  duration_min: z
    .number()
    .int()
    .min(5)
    .max(12 * 60),
  buffer_min: z.number().int().min(0).max(240).default(0),
  price_kes: z.number().min(0),
  active: z.boolean().default(true),
  aliases: z.array(z.string().min(1)).default([]),
  /** Overrides the tenant's payments policy for this service. */
  payment: z
    .object({
      require: z.enum(['full', 'deposit', 'none']),
      deposit_percent: z.number().min(0).max(100).optional(),
    })
    .optional(),
});

const staff = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/),
  name: z.string().min(1),
  services: z.array(z.string()).default([]),
  hours: weekHours.optional(),
  blocks: z
    .array(
      z.object({
        start: z.iso.datetime({ offset: true }),
        end: z.iso.datetime({ offset: true }),
        reason: z.string().optional(),
      }),
    )
    .default([]),
});

const dial = (values: readonly [string, ...string[]], def: string) =>
  z.enum(values).default(def as never);

export const tenantFileSchema = z
  .object({
    slug: z.string().regex(/^[a-z0-9_]{1,40}$/, 'lowercase letters, digits and _, at most 40'),
    name: z.string().min(1).max(200),
    timezone: z.string().default('Africa/Nairobi'),
    languages: z
      .array(z.enum(['en', 'sw']))
      .min(1)
      .default(['en', 'sw']),
    machine: z
      .string()
      .regex(/^[a-z0-9-]+$/)
      .optional(),
    /** The machine owners' (admin) threads run; the admin thread unless a test names another. */
    admin_machine: z
      .string()
      .regex(/^[a-z0-9-]+$/)
      .optional(),
    /** Commission rules (seed ADR-0012); see booking/commission/commission-file.ts. */
    commission_rules: z.array(commissionRuleFileSchema).default([]),
    /** The owners' daily digest (issue 12): local time, default 07:00. */
    digest: z.object({ time: hhmm.default('07:00') }).optional(),
    channels: z
      .object({
        whatsapp: z
          .array(
            z.object({
              phone_number_id: z.string().regex(/^\d{1,32}$/),
              access_token: z.string().optional(),
              messages_per_second: z.number().int().min(1).max(1000).default(80),
            }),
          )
          .default([]),
        instagram: z
          .array(z.object({ account_id: z.string().min(1), access_token: z.string().optional() }))
          .default([]),
        messenger: z
          .array(z.object({ page_id: z.string().min(1), access_token: z.string().optional() }))
          .default([]),
        voice: z.array(z.object({ number: e164 })).default([]),
      })
      .default({ whatsapp: [], instagram: [], messenger: [], voice: [] }),
    admins: z.array(e164).default([]),
    /** Calls (issue 14): the ElevenLabs voice per language when ELEVENLABS_API_KEY is set. */
    voice: z
      .object({
        elevenlabs: z.object({ en: voiceId.optional(), sw: voiceId.optional() }).default({}),
      })
      .default({ elevenlabs: {} }),
    payments: z
      .object({
        mpesa: z
          .object({
            enabled: z.boolean().default(false),
            shortcode: z.string().optional(),
            consumer_key: z.string().optional(),
            consumer_secret: z.string().optional(),
            passkey: z.string().optional(),
            /** Daraja environment: the sandbox until the tenant goes live. */
            environment: z.enum(['sandbox', 'production']).default('sandbox'),
            till: z.string().regex(TILL).optional(),
            initiator_name: z.string().optional(),
            security_credential: z.string().optional(),
            b2c_shortcode: z.string().regex(B2C_SHORTCODE).optional(),
            deposit_percent: z.number().min(0).max(100).default(0),
          })
          .refine((m) => !m.b2c_shortcode || (m.initiator_name && m.security_credential), {
            message: 'payments.mpesa: b2c_shortcode needs initiator_name and security_credential',
          })
          .default({ enabled: false, environment: 'sandbox', deposit_percent: 0 }),
        /** Cards through PesaPal's hosted checkout (a link sent to the customer). */
        pesapal: z
          .object({
            enabled: z.boolean().default(false),
            consumer_key: z.string().min(1).optional(),
            consumer_secret: z.string().min(1).optional(),
            /** PesaPal environment: the sandbox (cybqa) until the merchant goes live. */
            environment: z.enum(['sandbox', 'production']).default('sandbox'),
            /** How PesaPal is asked to deliver IPNs (both are accepted). */
            ipn_method: z.enum(['GET', 'POST']).default('POST'),
          })
          .refine((p) => !p.enabled || (p.consumer_key && p.consumer_secret), {
            message: 'payments.pesapal: enabled needs consumer_key and consumer_secret',
          })
          .default({ enabled: false, environment: 'sandbox', ipn_method: 'POST' }),
        /** full | deposit (deposit_percent) | none; default: deposit when a percent is set. */
        require: z.enum(['full', 'deposit', 'none']).optional(),
        hold_minutes: z.number().int().min(2).max(1440).default(15),
        pay_at_salon: z.boolean().default(true),
        refund: z
          .object({
            cutoff_min: z.number().int().min(0).default(1440),
            percent: z.number().min(0).max(100).default(100),
          })
          .default({ cutoff_min: 1440, percent: 100 }),
      })
      .default({
        mpesa: { enabled: false, environment: 'sandbox', deposit_percent: 0 },
        pesapal: { enabled: false, environment: 'sandbox', ipn_method: 'POST' },
        hold_minutes: 15,
        pay_at_salon: true,
        refund: { cutoff_min: 1440, percent: 100 },
      }),
    policy: z
      .object({
        lead_time_min: z.number().int().min(0).default(60),
        horizon_days: z.number().int().min(1).max(365).default(30),
        cancel_cutoff_min: z.number().int().min(0).default(120),
        reschedule_cutoff_min: z.number().int().min(0).default(120),
        slot_step_min: z.number().int().min(5).max(120).default(15),
        reminders_min_before: z.array(z.number().int().min(5)).default([1440, 120]),
        quiet_hours: z.object({ start: hhmm, end: hhmm }).default({ start: '21:00', end: '07:00' }),
      })
      .default({
        lead_time_min: 60,
        horizon_days: 30,
        cancel_cutoff_min: 120,
        reschedule_cutoff_min: 120,
        slot_step_min: 15,
        reminders_min_before: [1440, 120],
        quiet_hours: { start: '21:00', end: '07:00' },
      }),
    hours: weekHours.default({}),
    holidays: z.array(z.object({ date: z.iso.date(), name: z.string().optional() })).default([]),
    services: z.array(service).default([]),
    staff: z.array(staff).default([]),
    knowledge: z
      .array(
        z.object({
          question: z.string().min(1),
          answer: z.string().min(1),
          language: z.enum(['en', 'sw']).default('en'),
          tags: z.array(z.string()).default([]),
        }),
      )
      .default([]),
    location: z.object({ address: z.string(), maps_url: z.url().optional() }).optional(),
    /**
     * Outbound messages that cannot go as free-form WhatsApp (outside the 24-hour window): an
     * approved template whose body has one parameter, {{1}} = the message as one line; `null`
     * when the account has none. Reminders WhatsApp cannot deliver go by SMS when enabled.
     */
    notifications: z
      .object({
        whatsapp_template: z
          .object({
            name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'an approved template name'),
            language: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'like en or en_US'),
          })
          .nullable()
          .default({ name: 'ratiba_message', language: 'en' }),
        sms_fallback: z.boolean().default(true),
        sms_sender_id: z.string().min(1).max(11).optional(),
      })
      .default({
        whatsapp_template: { name: 'ratiba_message', language: 'en' },
        sms_fallback: true,
      }),
    personality: z
      .object({
        formality: dial(['casual', 'neutral', 'formal'], 'neutral'),
        warmth: dial(['reserved', 'friendly', 'warm'], 'friendly'),
        emoji: dial(['none', 'some', 'lots'], 'some'),
        verbosity: dial(['brief', 'normal', 'detailed'], 'normal'),
        language_preference: dial(['mirror', 'en', 'sw'], 'mirror'),
        greeting: z.string().max(200).optional(),
        sign_off: z.string().max(200).optional(),
        upsell: dial(['never', 'gentle', 'eager'], 'gentle'),
      })
      .default({
        formality: 'neutral',
        warmth: 'friendly',
        emoji: 'some',
        verbosity: 'normal',
        language_preference: 'mirror',
        upsell: 'gentle',
      }),
  })
  .superRefine((t, ctx) => {
    const ids = new Set(t.services.map((s) => s.id));
    t.staff.forEach((s, i) =>
      s.services.forEach((sid, j) => {
        if (!ids.has(sid)) {
          ctx.addIssue({
            code: 'custom',
            path: ['staff', i, 'services', j],
            message: `unknown service ${sid}`,
          });
        }
      }),
    );
    try {
      new Intl.DateTimeFormat('en', { timeZone: t.timezone });
    } catch {
      ctx.addIssue({
        code: 'custom',
        path: ['timezone'],
        message: `unknown time zone ${t.timezone}`,
      });
    }
  });

export type TenantFile = z.infer<typeof tenantFileSchema>;

export function parseTenantFile(text: string, source = 'tenant file'): TenantFile {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new RatibaError(
      'invalid_tenant_file',
      `${source}: not valid YAML: ${(err as Error).message}`,
      {
        public: true,
        cause: err,
      },
    );
  }
  // Strict: a misspelled key is an error naming the key it most likely meant.
  const unknown = unknownKeys(tenantFileSchema, doc).map(describeUnknownKey);
  const result = tenantFileSchema.safeParse(doc);
  if (!result.success || unknown.length > 0) {
    const issues = result.success ? [] : result.error.issues;
    const lines = [
      ...unknown,
      ...issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    ].map((l) => `  ${l}`);
    throw new RatibaError('invalid_tenant_file', `${source} is invalid:\n${lines.join('\n')}`, {
      public: true,
    });
  }
  return result.data;
}

export async function readTenantFile(path: string): Promise<TenantFile> {
  return parseTenantFile(await readFile(path, 'utf8'), path);
}
