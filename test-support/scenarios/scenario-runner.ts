import { randomUUID } from 'node:crypto';
import type { OutboundMessage } from '../../contract';
import { toIsoInZone } from '../../booking/wall-clock';
import { DEMO_TENANT_FILE } from '../../runtime/config';
import { tenantSchema, type TenantSchema } from '../../contract/schema-name';
import { customerIdOf } from '../../runtime/supervisor/thread-key';
import { setUpTenant } from '../../runtime/tenant-setup';
import { startTestRuntime } from '../test-runtime';
import type { Runtime } from '../../runtime/app';
import { ManualClock, parseDuration } from './manual-clock';
import { assignEach, checkReplies, describeReply, findChoice, turnReplies } from './reply-match';
import {
  checkThen,
  replyMark,
  type ReplyMark,
  seedGiven,
  sentSince,
  settleTimers,
  threadKeyByPhone,
  waitQuiet,
} from './scenario-db';
import type { LoadedScenario, ScenarioCustomer } from './scenario-loader';
import type { Step, Turn } from './scenario-schema';
import { checkMoney, ScenarioPayments } from './scenario-payments';
import { scenarioTenant } from './scenario-tenant';

/**
 * Runs scenarios against the real runtime: real Postgres, the customer-thread machine, the
 * embedded parser, booking calls through the outbox. Messages go in through
 * `Ingress.acceptMessage(…, { awaitReply: true, at })` with the scenario's clock, which the
 * runtime also uses for call results, booking `now` and timers (`RuntimeOverrides.clock`).
 * One runner (one runtime) runs many scenarios one after another, each on a tenant of its own.
 */
export class ScenarioFailure extends Error {
  override name = 'ScenarioFailure';
}

interface Conversation {
  tenant: string;
  schema: TenantSchema;
  timezone: string;
  customers: readonly ScenarioCustomer[];
  admins: ReadonlySet<string>;
  threadKeys: Map<string, string>;
  history: Map<string, OutboundMessage[]>;
  transcript: string[];
}

interface Sent {
  customer: string;
  replies: OutboundMessage[];
}

export class ScenarioRunner {
  private constructor(
    readonly runtime: Runtime,
    private readonly clock: ManualClock,
    private readonly payments: ScenarioPayments,
  ) {}

  /**
   * A runtime on `databaseUrl` (a test database) with a clock the scenarios drive, and the fake
   * Daraja and PesaPal its payment tenants talk to.
   */
  static async start(databaseUrl: string): Promise<ScenarioRunner> {
    const clock = new ManualClock(Date.parse('2026-11-18T10:00:00+03:00'));
    const payments = await ScenarioPayments.start();
    const runtime = await startTestRuntime(
      databaseUrl,
      { RATIBA_DEMO_TENANT: DEMO_TENANT_FILE, RATIBA_REPLY_TIMEOUT_MS: '15000', ...payments.env },
      { clock },
    ).catch(async (err: unknown) => {
      await payments.close();
      throw err;
    });
    return new ScenarioRunner(runtime, clock, payments);
  }

  async stop(): Promise<void> {
    await this.runtime.stop();
    await this.payments.close();
  }

  /**
   * Runs one scenario and returns its transcript; throws `ScenarioFailure` with the transcript
   * when it does not hold.
   */
  async run(loaded: LoadedScenario): Promise<string[]> {
    const { scenario, file, customers } = loaded;
    const tenantFile = await scenarioTenant(loaded);
    await setUpTenant(this.runtime.db, tenantFile);
    this.runtime.tenants.invalidate(tenantFile.slug);
    const c: Conversation = {
      tenant: tenantFile.slug,
      schema: tenantSchema(tenantFile.slug),
      timezone: tenantFile.timezone,
      customers,
      admins: new Set(scenario.admins ?? []),
      threadKeys: new Map(),
      history: new Map(customers.map((x) => [x.name, []])),
      transcript: [],
    };
    if (scenario.given) await seedGiven(this.runtime.db, c.schema, scenario.given, customers);
    this.clock.set(Date.parse(scenario.now));
    // The owners' digest timers, as the runtime seeds them, at the scenario's time.
    await this.runtime.digests.ensure(tenantFile.slug);
    for (const x of customers) {
      const key = await threadKeyByPhone(this.runtime.db, c.schema, x.phone, c.admins.has(x.name));
      if (key && c.admins.has(x.name)) c.threadKeys.set(x.name, key);
    }
    const fail = (where: string, problems: string[]): never => {
      throw new ScenarioFailure(
        `${file}: ${where}\n  - ${problems.join('\n  - ')}\n\ntranscript:\n${c.transcript.join('\n')}`,
      );
    };
    for (const [i, turn] of scenario.turns.entries()) {
      const where = `turn ${i + 1}${turn.note ? ` (${turn.note})` : ''}`;
      try {
        await this.turn(c, turn, where, fail);
      } catch (err) {
        if (err instanceof ScenarioFailure) throw err;
        fail(where, [(err as Error).message]);
      }
    }
    await waitQuiet(this.runtime.db, c.schema);
    if (scenario.then) {
      const problems = await checkThen(
        this.runtime.db,
        c.schema,
        c.timezone,
        scenario.then,
        customers,
        c.threadKeys,
      );
      problems.push(...(await checkMoney(this.runtime.db, c.schema, scenario.then, customers)));
      if (problems.length) fail('then', problems);
    }
    return c.transcript;
  }

  private async turn(
    c: Conversation,
    turn: Turn,
    where: string,
    fail: (where: string, problems: string[]) => never,
  ): Promise<void> {
    if (turn.together) {
      const sent = await Promise.all(turn.together.map((step) => this.step(c, step)));
      sent.forEach((s, j) => {
        const e = turn.together![j]!.expect;
        const problems = e ? checkReplies(e, s.replies) : [];
        if (problems.length) fail(`${where}, together step ${j + 1} (${s.customer})`, problems);
      });
      if (turn.expect_each) {
        const problems = assignEach(turn.expect_each, sent);
        if (problems.length) fail(`${where}, expect_each`, problems);
      }
      return;
    }
    const mark = turn.notified && (await replyMark(this.runtime.db, c.schema));
    const sent = await this.step(c, turn);
    if (turn.expect) {
      const problems = checkReplies(turn.expect, sent.replies);
      if (problems.length) fail(where, problems);
    }
    if (turn.notified && mark) await this.checkNotified(c, turn.notified, mark, where, fail);
  }

  /** What other participants' threads were sent during a turn (an owner's change, told). */
  private async checkNotified(
    c: Conversation,
    notified: NonNullable<Turn['notified']>,
    mark: ReplyMark,
    where: string,
    fail: (where: string, problems: string[]) => never,
  ): Promise<void> {
    await waitQuiet(this.runtime.db, c.schema);
    for (const [name, expect] of Object.entries(notified)) {
      const who = c.customers.find((x) => x.name === name)!;
      const key =
        c.threadKeys.get(name) ??
        (await threadKeyByPhone(this.runtime.db, c.schema, who.phone, c.admins.has(name)));
      const sent = key ? await sentSince(this.runtime.db, c.schema, key, mark) : [];
      if (key) c.threadKeys.set(name, key);
      for (const r of sent)
        c.transcript.push(`         bot→${name}: ${describeReply(r).replace(/\n/g, '\n        ')}`);
      c.history.get(name)!.push(...sent);
      const problems = checkReplies(expect, sent);
      if (problems.length) fail(`${where}, notified ${name}`, problems);
    }
  }

  private async step(c: Conversation, step: Step): Promise<Sent> {
    const who = c.customers.find((x) => x.name === (step.as ?? c.customers[0]!.name))!;
    const log = (line: string) =>
      c.transcript.push(
        `[${toIsoInZone(this.clock.now(), c.timezone).slice(5, 16).replace('T', ' ')}] ${line}`,
      );
    if (step.wait !== undefined || step.mpesa !== undefined || step.card !== undefined) {
      const mark = await replyMark(this.runtime.db, c.schema);
      if (step.wait !== undefined) {
        this.clock.advance(parseDuration(step.wait));
        log(`… ${step.wait} later`);
      } else {
        log(
          `${who.name} on the phone: ${step.mpesa ? 'M-Pesa' : 'card'} ${step.mpesa ?? step.card}`,
        );
        await this.payments.act(this.runtime.db, c.schema, who.phone, step);
      }
      await settleTimers(this.runtime, c.schema, this.clock.now());
      // What the timers that fell due (reminders) or the provider's news (a callback) said: the
      // replies of the step, per customer.
      let mine: OutboundMessage[] = [];
      for (const x of c.customers) {
        const key = c.threadKeys.get(x.name);
        const sent = key ? await sentSince(this.runtime.db, c.schema, key, mark) : [];
        for (const r of sent) log(`   bot→${x.name}: ${describeReply(r)}`);
        c.history.get(x.name)!.push(...sent);
        if (x.name === who.name) mine = sent;
      }
      return { customer: who.name, replies: mine };
    }
    const replies = step.event
      ? await this.deliverEvent(c, who, step.event, log)
      : await this.sendMessage(c, who, step, log);
    for (const r of replies)
      log(`   bot→${who.name}: ${describeReply(r).replace(/\n/g, '\n        ')}`);
    c.history.get(who.name)!.push(...replies);
    return { customer: who.name, replies };
  }

  private async sendMessage(
    c: Conversation,
    who: ScenarioCustomer,
    step: Step,
    log: (line: string) => void,
  ): Promise<OutboundMessage[]> {
    let text: string;
    let replyId: string | undefined;
    if (step.tap !== undefined) {
      const choice = findChoice(c.history.get(who.name)!, step.tap);
      if (!choice)
        throw new Error(
          `tap: no button or row ${JSON.stringify(step.tap)} in ${who.name}'s replies`,
        );
      ({ title: text, id: replyId } = choice);
      log(`${who.name} taps [${text} = ${replyId}]`);
    } else if (step.tap_id !== undefined) {
      text = step.tap_id;
      replyId = step.tap_id;
      log(`${who.name} taps [${replyId}]`);
    } else {
      const say = step.say!;
      text = typeof say === 'string' ? say : say.repeat.repeat(say.times);
      log(
        `${who.name}: ${JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}… (${text.length} chars)` : text)}`,
      );
    }
    const accepted = await this.runtime.ingress.acceptMessage(
      {
        tenant: c.tenant,
        from: who.phone,
        channel: 'simulator',
        text,
        ...(replyId !== undefined ? { replyId } : {}),
        eventId: `scenario:${randomUUID()}`,
        source: 'scenario',
      },
      { awaitReply: true, at: this.clock.now() },
    );
    c.threadKeys.set(who.name, accepted.threadKey);
    return turnReplies(accepted.replies);
  }

  private async deliverEvent(
    c: Conversation,
    who: ScenarioCustomer,
    event: NonNullable<Step['event']>,
    log: (line: string) => void,
  ): Promise<OutboundMessage[]> {
    const threadKey = c.threadKeys.get(who.name);
    if (!threadKey) throw new Error(`event: ${who.name} has no thread yet (they must write first)`);
    const { type, ...fields } = event;
    log(`(${type}${Object.keys(fields).length ? ` ${JSON.stringify(fields)}` : ''} → ${who.name})`);
    const accepted = await this.runtime.ingress.accept(
      {
        tenant: c.tenant,
        eventId: `scenario:${randomUUID()}`,
        threadKey,
        kind: 'customer',
        customerId: customerIdOf(threadKey),
        source: 'console',
        channel: null,
        event: { type, at: this.clock.now(), ...fields },
      },
      true,
    );
    return turnReplies(accepted.replies);
  }
}
