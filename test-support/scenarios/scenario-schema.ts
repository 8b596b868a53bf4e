import { z } from 'zod';

/**
 * The conversation scenario format (`scenarios/**.yaml`, documented in scenarios/README.md).
 * Keys are snake_case like the tenant file; every object is strict, so a misspelt key is an
 * error naming the key rather than an expectation silently not checked.
 */

export const DEFAULT_SCENARIO_NOW = '2026-11-18T10:00:00+03:00';
export const DEFAULT_CUSTOMER = 'me';

const name = z.string().regex(/^[a-z][a-z0-9_]{0,30}$/, 'a short lowercase name like `me` or `b`');
const instant = z.iso.datetime({ offset: true, local: false });
/** Like `2026-11-20T15:00+03:00` (seconds optional): an instant with its offset. */
const start = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)$/,
    'like 2026-11-20T15:00+03:00',
  );

/** `"substring"` (case-insensitive) or `"/regex/flags"`. */
export const patternSchema = z.string().min(1, 'an empty pattern matches everything');

const replyKind = z.enum(['text', 'buttons', 'list']);

/** One reply: a pattern for its text, or its text, kind and the buttons / rows it offers. */
export const replyExpectSchema = z.union([
  patternSchema,
  z.strictObject({
    text: patternSchema.optional(),
    kind: replyKind.optional(),
    /**
     * Buttons or list rows the reply offers, each a pattern matched against a title or a row's
     * description, or exactly an id.
     */
    buttons: z.array(patternSchema).optional(),
  }),
]);

/**
 * What the replies of one turn must look like. A list: exactly these replies, in order. An
 * object: `in_order` (the same), `any` (each matched by some reply), `not` (no reply matches),
 * `count` (how many replies). `[]` means silence.
 */
export const expectSchema = z.union([
  z.array(replyExpectSchema),
  z
    .strictObject({
      in_order: z.array(replyExpectSchema).optional(),
      any: z.array(replyExpectSchema).optional(),
      /** No reply's text, button title or button id matches any of these. */
      not: z.array(patternSchema).optional(),
      count: z.number().int().min(0).optional(),
    })
    .refine((e) => Object.keys(e).length > 0, 'say what to expect (in_order, any, not or count)'),
]);

/** Text to send: a string (may be empty), or one repeated (`{ repeat: 'a', times: 10000 }`). */
const textSchema = z.union([
  z.string(),
  z.strictObject({
    repeat: z.string().min(1),
    times: z.number().int().min(1).max(100_000),
  }),
]);

const duration = z.string().regex(/^\d+(\.\d+)?(s|m|h|d)$/, 'a duration like 90s, 30m, 2h or 1d');

/** Events the console / owner's WhatsApp deliver to a customer thread. */
const eventSchema = z.strictObject({
  type: z.enum(['handoff.start', 'handoff.end', 'operator.message']),
  by: z.enum(['owner', 'operator']).optional(),
  name: z.string().optional(),
  text: z.string().optional(),
});

const ACTIONS = ['say', 'tap', 'tap_id', 'wait', 'event', 'mpesa', 'card', 'together'] as const;

/** What the customer does with the M-Pesa prompt on their phone (Daraja result codes). */
export const MPESA_OUTCOMES = [
  'paid',
  'cancelled',
  'wrong_pin',
  'insufficient',
  'timeout',
] as const;
/** What the customer does on the card checkout page the link opened. */
export const CARD_OUTCOMES = ['paid', 'failed', 'abandoned'] as const;

const stepFields = {
  /** Which customer acts (default: the first one). */
  as: name.optional(),
  say: textSchema.optional(),
  /** A button or list row from earlier replies, by title or id (newest replies first). */
  tap: z.string().min(1).optional(),
  /** A raw reply id, sent as-is even if no reply offered it (forged or very old buttons). */
  tap_id: z.string().min(1).optional(),
  /** Advance the clock, then fire the timers that fell due; their replies are the wait's. */
  wait: duration.optional(),
  event: eventSchema.optional(),
  /** The customer answers their newest M-Pesa prompt; the fake Daraja posts the callback. */
  mpesa: z.enum(MPESA_OUTCOMES).optional(),
  /** The customer finishes (or leaves) their newest card checkout; the fake PesaPal's IPN. */
  card: z.enum(CARD_OUTCOMES).optional(),
  expect: expectSchema.optional(),
  /**
   * Messages other participants got during this turn (an owner's change told the customers):
   * per name, an expectation of the replies sent to their thread.
   */
  notified: z.record(name, expectSchema).optional(),
  /** A note for the reader; ignored. */
  note: z.string().optional(),
};

function exactlyOneAction(step: Record<string, unknown>, ctx: z.RefinementCtx): void {
  const present = ACTIONS.filter((a) => step[a] !== undefined);
  if (present.length !== 1) {
    ctx.addIssue({
      code: 'custom',
      message:
        present.length === 0
          ? `a turn needs one of: ${ACTIONS.join(', ')}`
          : `a turn has one action, got ${present.join(' and ')}`,
    });
  }
}

const simpleStep = z.strictObject(stepFields).superRefine(exactlyOneAction);

/**
 * One turn. `together` sends its steps at the same moment (the double-booking race);
 * `expect_each` then lists one expectation per step, matched to the steps in whatever order
 * makes them all hold (who wins a race is not fixed).
 */
export const turnSchema = z
  .strictObject({
    ...stepFields,
    together: z.array(simpleStep).min(2).optional(),
    expect_each: z.array(expectSchema).optional(),
  })
  .superRefine((t, ctx) => {
    exactlyOneAction(t, ctx);
    if (t.expect_each && !t.together)
      ctx.addIssue({ code: 'custom', path: ['expect_each'], message: 'only with `together`' });
    if (t.together && t.expect_each && t.expect_each.length !== t.together.length)
      ctx.addIssue({
        code: 'custom',
        path: ['expect_each'],
        message: `one expectation per step of together (${t.together.length})`,
      });
  });

const appointmentSeed = z.strictObject({
  service: z.string().min(1),
  staff: z.string().min(1),
  start,
  /** Default: start + the service's duration. */
  end: start.optional(),
  status: z.enum(['booked', 'confirmed', 'cancelled']).default('booked'),
  /** A scenario customer; default a customer outside the scenario. */
  customer: name.optional(),
});

const blockSeed = z.strictObject({
  /** Omitted: the whole business. */
  staff: z.string().min(1).optional(),
  start,
  end: start,
  reason: z.string().optional(),
});

const appointmentExpect = z.strictObject({
  customer: name.optional(),
  service: z.string().optional(),
  staff: z.string().optional(),
  start: start.optional(),
  status: z
    .enum([
      'pending_payment',
      'booked',
      'confirmed',
      'cancelled',
      'completed',
      'no_show',
      'expired',
    ])
    .optional(),
  /** Set when the row was moved here by a reschedule. */
  rescheduled: z.boolean().optional(),
});

/** A payment of the scenario's customers (`then.payments`), in the order they were asked. */
const paymentExpect = z.strictObject({
  customer: name.optional(),
  provider: z.enum(['mpesa', 'pesapal']).optional(),
  status: z.enum(['requesting', 'pending', 'unknown', 'paid', 'failed', 'expired']).optional(),
  /** Whole shillings. */
  amount_kes: z.number().int().min(0).optional(),
  /** Why it failed: `cancelled_by_user`, `wrong_pin`, `no_response`, `insufficient_funds`, ... */
  reason: patternSchema.optional(),
});

/** A refund of the scenario's customers (`then.refunds`), in the order they were started. */
const refundExpect = z.strictObject({
  customer: name.optional(),
  method: z.enum(['reversal', 'b2c', 'pesapal', 'manual']).optional(),
  status: z.enum(['requested', 'submitted', 'done', 'failed', 'manual']).optional(),
  amount_kes: z.number().int().min(0).optional(),
});

export const scenarioSchema = z.strictObject({
  title: z.string().min(1),
  description: z.string().optional(),
  /** The clock at the first turn; `wait` moves it on. */
  now: instant.default(DEFAULT_SCENARIO_NOW),
  tenant: z
    .strictObject({
      /** A tenant file, relative to the repository root. */
      file: z.string().min(1).default('tenants/demo.yaml'),
      /** Merged into the tenant file: nested keys or dotted paths (`payments.mpesa.enabled`). */
      overrides: z.record(z.string(), z.unknown()).default({}),
    })
    .default({ file: 'tenants/demo.yaml', overrides: {} }),
  /** The customers who write; each gets a phone number of their own. Default: `[me]`. */
  customers: z
    .union([
      z.array(name).min(1),
      z.record(
        name,
        z.strictObject({
          phone: z
            .string()
            .regex(/^\+[1-9]\d{6,14}$/, 'E.164')
            .optional(),
        }),
      ),
    ])
    .default([DEFAULT_CUSTOMER]),
  /** Customers whose phones are the tenant's admin numbers: they talk to the owner's side. */
  admins: z.array(name).optional(),
  /** State of the tenant before the first turn (appointments of other customers, time off). */
  given: z
    .strictObject({
      appointments: z.array(appointmentSeed).default([]),
      blocks: z.array(blockSeed).default([]),
    })
    .optional(),
  turns: z.array(turnSchema).min(1),
  /** The database at the end. */
  then: z
    .strictObject({
      /** Every appointment of the scenario's customers, in start order (seeded ones excluded). */
      appointments: z.array(appointmentExpect).optional(),
      /** Each customer's thread: its state, as a dotted path (`active.conversation.idle`). */
      threads: z.record(name, z.strictObject({ state: patternSchema })).optional(),
      /** What the customers' messages relayed to the owner's thread(s) said, in order. */
      relays: z.array(patternSchema).optional(),
      /** The admin audit trail's actions, in order (`block`, `set_price`, `walk_in`, ...). */
      audit: z.array(patternSchema).optional(),
      /** Every payment request of the scenario's customers, oldest first. */
      payments: z.array(paymentExpect).optional(),
      /** Every refund of the scenario's customers' payments, oldest first. */
      refunds: z.array(refundExpect).optional(),
    })
    .optional(),
});

export type Scenario = z.infer<typeof scenarioSchema>;
export type Turn = z.infer<typeof turnSchema>;
export type Step = z.infer<typeof simpleStep>;
export type Expect = z.infer<typeof expectSchema>;
export type ReplyExpect = z.infer<typeof replyExpectSchema>;
export type AppointmentExpect = z.infer<typeof appointmentExpect>;
export type PaymentExpect = z.infer<typeof paymentExpect>;
export type RefundExpect = z.infer<typeof refundExpect>;
