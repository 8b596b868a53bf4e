import { createActor, type Snapshot } from 'xstate';
import { describe, expect, it } from 'vitest';
import type { Effect, Understanding } from '../../contract/thread';
import { customerThread, customerThreadMachine } from './customer-thread-machine';
import handedOffV1 from './fixtures/customer-thread.v1.handed-off.json';
import offeringV1 from './fixtures/customer-thread.v1.offering.json';
import { FRIDAY, input, slot, T0, u } from './test-kit';
import type { CustomerThreadEvent } from './types';

/** A started actor, as the runtime hosts it, with the effects it emitted. */
function host(snapshot?: unknown) {
  const actor = createActor(
    customerThreadMachine,
    snapshot ? { snapshot: snapshot as Snapshot<unknown>, input: input() } : { input: input() },
  );
  const effects: Effect[] = [];
  actor.on('*', (e) => effects.push(e));
  actor.start();
  let at = T0 + 60_000;
  return {
    actor,
    effects,
    send(event: Record<string, unknown> & { type: string }) {
      effects.length = 0;
      actor.send({ ...event, at: (at += 1_000) } as CustomerThreadEvent);
      return effects;
    },
    /** A WhatsApp message, understood as `understanding`. */
    say(text: string, understanding: Partial<Understanding>) {
      return this.send({
        type: 'message',
        channel: 'whatsapp',
        text,
        understanding: u(understanding),
      });
    },
    /** A tap on a WhatsApp button. */
    tap(replyId: string, text: string) {
      return this.send({ type: 'message', channel: 'whatsapp', text, replyId });
    },
    get value() {
      return actor.getSnapshot().value;
    },
  };
}

const replyText = (e: Effect | undefined) => (e?.type === 'reply' ? e.message.text : '');

const roundTrip = (persisted: unknown): unknown => JSON.parse(JSON.stringify(persisted));

describe('persist -> JSON -> restore', () => {
  it('restores in the middle of a booking and carries on to the booking call', () => {
    const a = host();
    a.say('pedicure Friday', { intent: 'book', serviceIds: ['pedicure'], date: FRIDAY });
    a.send({
      type: 'call.result',
      kind: 'availability.search',
      result: {
        slots: [
          slot('10:00', 'achieng', 'pedicure', FRIDAY, 60),
          slot('14:00', 'achieng', 'pedicure', FRIDAY, 60),
        ],
      },
    });
    expect(a.value).toEqual({ active: { conversation: { booking: 'offering' } } });
    const saved = roundTrip(a.actor.getPersistedSnapshot());
    a.actor.stop();

    const b = host(saved);
    expect(b.value).toEqual({ active: { conversation: { booking: 'offering' } } });
    // Restoring does not replay entry actions: nothing is sent twice.
    expect(b.effects).toEqual([]);
    b.tap('slot:2026-11-20T14:00+03:00:achieng', '2 pm');
    expect(b.value).toEqual({ active: { conversation: { booking: 'confirming' } } });
    expect(replyText(b.effects[0])).toMatch(
      /^Pedicure with Achieng, Fri 20 Nov at 2:00 pm — KES 1,500\./,
    );
    b.tap('confirm:yes', 'Yes');
    expect(b.effects).toEqual([
      {
        type: 'call',
        kind: 'booking.create',
        payload: {
          serviceId: 'pedicure',
          staffId: 'achieng',
          start: `${FRIDAY}T14:00:00+03:00`,
          channel: 'whatsapp',
        },
      },
    ]);
    expect(b.actor.getSnapshot().status).toBe('active');
  });

  it('restores a handoff and hands back to the step it interrupted (history survives JSON)', () => {
    const a = host();
    a.say('cancel', { intent: 'cancel' });
    a.send({ type: 'handoff.start', by: 'owner' });
    const saved = roundTrip(a.actor.getPersistedSnapshot());
    const b = host(saved);
    expect(b.value).toEqual({ active: 'handedOff' });
    b.send({ type: 'call.result', kind: 'booking.list', result: { appointments: [] } });
    expect(b.effects).toEqual([]);
    b.send({ type: 'handoff.end' });
    // The parked list result is replayed: no bookings, so back to idle with that news.
    expect(b.value).toEqual({ active: { conversation: 'idle' } });
    expect(replyText(b.effects[0])).toMatch(/^You don't have any upcoming bookings/);
  });
});

/** A version 1 snapshot brought to the current version, as the runtime's registry does. */
const upgradeV1 = (persisted: unknown) => customerThread.migrations[1]?.(roundTrip(persisted));

describe('version 1 snapshots (fixtures written by version 1; keep them restorable)', () => {
  it('is version 2, with a migration from version 1', () => {
    expect(customerThread).toMatchObject({ name: 'customer-thread', version: 2 });
    expect(Object.keys(customerThread.migrations)).toEqual(['1']);
    expect(customerThread.machine).toBe(customerThreadMachine);
  });

  it('the migration adds the side questions and the service queue, and keeps the rest', () => {
    const up = upgradeV1(offeringV1) as { context: Record<string, unknown> };
    expect(up.context.asides).toEqual([]);
    expect(up.context.queue).toEqual([]);
    expect(up.context.offers).toEqual(
      (offeringV1 as { context: { offers: unknown } }).context.offers,
    );
  });

  it('an offering snapshot continues', () => {
    const b = host(upgradeV1(offeringV1));
    b.say('1', { choice: 1 });
    expect(b.value).toEqual({ active: { conversation: { booking: 'confirming' } } });
  });

  it('a handed-off snapshot hands back to the offering', () => {
    const b = host(upgradeV1(handedOffV1));
    b.send({ type: 'operator.message', text: 'Karibu!' });
    expect(b.effects).toEqual([{ type: 'reply', message: { kind: 'text', text: 'Karibu!' } }]);
    b.send({ type: 'handoff.end' });
    expect(b.value).toEqual({ active: { conversation: { booking: 'offering' } } });
  });
});
