import { describe, expect, it } from 'vitest';
import { tenantSchema, type ChannelName, type Effect } from '../../contract';
import { buildTurn, type TurnContext } from './turn-builder';

const ctx = (channel: ChannelName | null): TurnContext => ({
  tenant: 'demo',
  schema: tenantSchema('demo'),
  shard: 3,
  epoch: 1,
  threadKey: 'c:7',
  inboxId: 41,
  eventId: 'e1',
  rootEventId: 'e1',
  seq: 5,
  machine: 'customer-thread',
  version: 1,
  channel,
  shardCount: 16,
  adminThreads: [],
});

const text = (t: string) => ({ kind: 'text' as const, text: t });

const turn = (channel: ChannelName | null, effects: Effect[]) =>
  buildTurn(
    ctx(channel),
    { type: 'message' },
    {
      kind: 'applied',
      effects,
      stateBefore: 'a',
      stateAfter: 'b',
      persisted: {},
    },
  );

describe('buildTurn: replies and their outbox rows (issue 19)', () => {
  it('a simulator reply goes to the caller and the journal, with no outbox row', () => {
    const built = turn('simulator', [{ type: 'reply', message: text('Karibu') }]);
    expect(built.replies).toEqual([text('Karibu')]);
    expect(built.write.outbox).toEqual([]);
    expect(built.write.journal?.effects).toEqual([{ type: 'reply', message: text('Karibu') }]);
  });

  it('a reply on a thread with no channel yet counts as the simulator', () => {
    // A console event (channel null) on a thread that never wrote: the reply used to become a
    // `message.send` row on the simulator channel that the no-op handler marked done.
    expect(turn(null, [{ type: 'reply', message: text('hi') }]).write.outbox).toEqual([]);
  });

  it('a copy for another channel keeps its row; it is not the caller answer', () => {
    // A call's copy to WhatsApp: sent by the outbox, never returned to the call.
    const built = turn('voice', [
      { type: 'reply', message: text('spoken') },
      { type: 'reply', message: text('on WhatsApp'), channel: 'whatsapp' },
    ]);
    expect(built.replies).toEqual([text('spoken')]);
    expect(built.write.outbox.map((o) => o.payload.channel)).toEqual(['voice', 'whatsapp']);
    expect(built.write.outbox[1]).toMatchObject({
      kind: 'message.send',
      payload: { channel: 'whatsapp', message: text('on WhatsApp'), rootEventId: 'e1' },
      idempotencyKey: 'demo:c:7:5:1',
    });
  });

  it('a WhatsApp reply keeps its row, keyed by its index among the effects', () => {
    const built = turn('whatsapp', [
      { type: 'timer.cancel', key: 'nudge' },
      { type: 'reply', message: text('Asante') },
    ]);
    expect(built.write.outbox).toEqual([
      {
        kind: 'message.send',
        payload: { channel: 'whatsapp', message: text('Asante'), rootEventId: 'e1' },
        idempotencyKey: 'demo:c:7:5:1',
      },
    ]);
  });
});
