import { startFakeDarajaServer, type FakeDarajaServer } from '../../adapters/daraja/testing';
import type { Queryable } from '../../contract/queryable';
import { ident, type TenantSchema } from '../../contract/schema-name';
import { startFakePesapalServer, type FakePesapalServer } from '../fake-pesapal-server';
import { matches } from './reply-match';
import type { ScenarioCustomer } from './scenario-loader';
import type { PaymentExpect, RefundExpect, Scenario, Step } from './scenario-schema';
import { FAKE_MPESA } from '../payments-kit';

/**
 * Payments in scenarios: the runner's runtime talks to a local fake Daraja and a fake PesaPal
 * (the real wire formats: test-support/fixtures/daraja, pesapal), a scenario tenant that turns
 * M-Pesa or cards on gets the fakes' credentials, and the `mpesa:` / `card:` turns are what the
 * customer does on their phone: the fake answers the STK push or the checkout and sends the real
 * callback or IPN to the runtime's webhook. `then.payments` / `then.refunds` read the tables.
 */

/** What the customer did with the M-Pesa prompt, as Daraja's result code; `timeout`: 1037. */
const MPESA_CODES = { paid: 0, cancelled: 1032, wrong_pin: 2001, insufficient: 1, timeout: 1037 };

/** The PesaPal credentials the fake accepts (M-Pesa's: FAKE_MPESA in payments-kit.ts). */
const FAKE_PESAPAL = { consumer_key: 'fake-pesapal-key', consumer_secret: 'fake-pesapal-secret' };

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {};

/** The tenant document with the fakes' credentials under each payment provider it turns on. */
export function withFakeCredentials(doc: Obj): Obj {
  const payments = obj(doc.payments);
  const mpesa = obj(payments.mpesa);
  const pesapal = obj(payments.pesapal);
  if (mpesa.enabled !== true && pesapal.enabled !== true) return doc;
  return {
    ...doc,
    payments: {
      ...payments,
      ...(mpesa.enabled === true ? { mpesa: { ...FAKE_MPESA, ...mpesa } } : {}),
      ...(pesapal.enabled === true ? { pesapal: { ...FAKE_PESAPAL, ...pesapal } } : {}),
    },
  };
}

export class ScenarioPayments {
  private constructor(
    readonly daraja: FakeDarajaServer,
    readonly pesapal: FakePesapalServer,
  ) {}

  static async start(): Promise<ScenarioPayments> {
    const daraja = await startFakeDarajaServer();
    const pesapal = await startFakePesapalServer().catch(async (err: unknown) => {
      await daraja.close();
      throw err;
    });
    return new ScenarioPayments(daraja, pesapal);
  }

  /** The runtime's environment: every tenant's Daraja and PesaPal are the fakes. */
  get env(): Record<string, string> {
    return { DARAJA_BASE_URL: this.daraja.url, PESAPAL_BASE_URL: this.pesapal.url };
  }

  async close(): Promise<void> {
    await this.daraja.close();
    await this.pesapal.close();
  }

  /**
   * The customer acts on their newest open prompt or checkout. M-Pesa: the fake decides the
   * push and posts the callback (`timeout`: decided as no answer, no callback — the thread's
   * status query finds out after a `wait`). Card: the fake decides the order and sends the IPN
   * (`abandoned`: nothing happens; the 8- and 30-minute timers do the rest).
   */
  async act(q: Queryable, schema: TenantSchema, phone: string, step: Step): Promise<void> {
    const provider = step.mpesa !== undefined ? 'mpesa' : 'pesapal';
    const ref = await openRequest(q, schema, phone, provider);
    if (!ref) throw new Error(`${step.mpesa ? 'mpesa' : 'card'}: no open ${provider} request`);
    if (step.mpesa !== undefined) {
      const code = MPESA_CODES[step.mpesa];
      if (step.mpesa === 'timeout') this.daraja.decide(ref, code);
      else expectOk(await this.daraja.complete(ref, code), 'the Daraja callback');
      return;
    }
    if (step.card === 'paid') expectOk(await this.pesapal.pay(ref), 'the PesaPal IPN');
    if (step.card === 'failed') expectOk(await this.pesapal.fail(ref), 'the PesaPal IPN');
  }
}

function expectOk(status: number, what: string): void {
  if (status !== 200) throw new Error(`${what} got HTTP ${status}`);
}

/** The provider's id of the customer's newest payment request still waiting for an answer. */
async function openRequest(
  q: Queryable,
  schema: TenantSchema,
  phone: string,
  provider: string,
): Promise<string | undefined> {
  const s = ident(schema);
  const { rows } = await q.query<{ checkout_id: string }>(
    `SELECT p.checkout_id FROM ${s}.payments p
       JOIN ${s}.appointments a ON a.id = p.appointment_id
       JOIN ${s}.customers c ON c.id = a.customer_id
     WHERE c.phone = $1 AND p.provider = $2 AND p.status IN ('pending', 'unknown')
       AND p.checkout_id IS NOT NULL
     ORDER BY p.id DESC LIMIT 1`,
    [phone, provider],
  );
  return rows[0]?.checkout_id;
}

interface MoneyRow {
  phone: string;
  provider?: string;
  method?: string;
  status: string;
  amount_minor: string;
  reason: string | null;
}

const whose = (r: MoneyRow, customers: readonly ScenarioCustomer[]) =>
  customers.find((c) => c.phone === r.phone)?.name ?? r.phone;

function holds(
  e: PaymentExpect | RefundExpect,
  r: MoneyRow,
  customers: readonly ScenarioCustomer[],
): boolean {
  const p = e as PaymentExpect & RefundExpect;
  return (
    (p.customer === undefined || p.customer === whose(r, customers)) &&
    (p.provider === undefined || p.provider === r.provider) &&
    (p.method === undefined || p.method === r.method) &&
    (p.status === undefined || p.status === r.status) &&
    (p.amount_kes === undefined || p.amount_kes * 100 === Number(r.amount_minor)) &&
    (p.reason === undefined || (r.reason !== null && matches(p.reason, r.reason)))
  );
}

/** Problems with `then.payments` and `then.refunds` (none: they hold). */
export async function checkMoney(
  q: Queryable,
  schema: TenantSchema,
  then: NonNullable<Scenario['then']>,
  customers: readonly ScenarioCustomer[],
): Promise<string[]> {
  const s = ident(schema);
  const phones = customers.map((c) => c.phone);
  const lists: [string, (PaymentExpect | RefundExpect)[] | undefined, string][] = [
    [
      'payments',
      then.payments,
      `SELECT c.phone, x.provider, x.status, x.amount_minor, x.reason FROM ${s}.payments x`,
    ],
    [
      'refunds',
      then.refunds,
      `SELECT c.phone, x.method, x.status, x.amount_minor, x.reason FROM ${s}.refunds x`,
    ],
  ];
  const problems: string[] = [];
  for (const [what, expected, select] of lists) {
    if (!expected) continue;
    const { rows } = await q.query<MoneyRow>(
      `${select} JOIN ${s}.appointments a ON a.id = x.appointment_id
         JOIN ${s}.customers c ON c.id = a.customer_id
       WHERE c.phone = ANY($1::text[]) ORDER BY x.id`,
      [phones],
    );
    const ok =
      rows.length === expected.length && expected.every((e, i) => holds(e, rows[i]!, customers));
    if (!ok) {
      const got = rows.map(
        (r) =>
          `${whose(r, customers)}: ${r.provider ?? r.method} ${r.status} KES ${Number(r.amount_minor) / 100}${r.reason ? ` (${r.reason})` : ''}`,
      );
      problems.push(
        `${what}: expected ${JSON.stringify(expected)}\n  got: ${got.length ? got.join('\n       ') : '(none)'}`,
      );
    }
  }
  return problems;
}
