import { describe, expect, it } from 'vitest';
import {
  chatMessages,
  deliveryOf,
  replyWindow,
  WINDOW_MS,
  type SendRow,
  type TurnRow,
} from './conversation-queries';

const key = (seq: number, i: number) => `demo:c:1:${seq}:${i}`;
const send = (over: Partial<SendRow>): SendRow => ({
  idempotency_key: 'k',
  status: 'done',
  last_error: null,
  delivery_status: null,
  delivery_kind: null,
  delivery_errors: [],
  ...over,
});

describe('the conversation as chat', () => {
  const turns: TurnRow[] = [
    {
      seq: 1,
      event_type: 'message',
      event: { type: 'message', channel: 'whatsapp', text: 'Hi, call me on 0712345678' },
      effects: [
        { type: 'timer.set', key: 'x' },
        {
          type: 'reply',
          message: { kind: 'buttons', text: 'Hello!', buttons: [{ id: 'a', title: 'Book' }] },
        },
      ],
      at_ms: '1000',
    },
    {
      seq: 2,
      event_type: 'operator.message',
      event: { type: 'operator.message', text: 'Amina here' },
      effects: [{ type: 'reply', message: { kind: 'text', text: 'Amina here' } }],
      at_ms: 2000,
    },
  ];

  it('has the customer, the bot and the operator, with choices and delivery', () => {
    const sends = new Map([
      [key(1, 1), send({ delivery_status: 'read' })],
      [
        key(2, 0),
        send({
          delivery_status: 'failed',
          delivery_errors: [{ code: 131026, title: 'Message undeliverable' }],
        }),
      ],
    ]);
    const m = chatMessages(turns, sends, key, false);
    expect(m.map((x) => [x.id, x.author, x.delivery])).toEqual([
      ['1:in', 'customer', null],
      ['1:1', 'bot', 'read'],
      ['2:0', 'operator', 'failed'],
    ]);
    // Phone numbers inside texts are masked unless revealed.
    expect(m[0]!.text).toBe('Hi, call me on 07123••678');
    expect(m[0]!.channel).toBe('whatsapp');
    expect(m[1]!.choices).toEqual(['Book']);
    expect(m[2]!.error).toBe('Message undeliverable (131026)');
    expect(chatMessages(turns, sends, key, true)[0]!.text).toBe('Hi, call me on 0712345678');
  });

  // Regression (issue 16): a send that failed at WhatsApp must not show as sent.
  it('a failed or given-up send is failed; pending stays pending; fallbacks are named', () => {
    expect(deliveryOf(send({ status: 'dead', last_error: 'provider_error: 500' }))).toEqual({
      delivery: 'failed',
      error: 'provider_error: 500',
    });
    expect(deliveryOf(send({ status: 'pending' })).delivery).toBe('pending');
    expect(deliveryOf(send({ delivery_status: 'accepted' })).delivery).toBe('sent');
    expect(deliveryOf(send({ delivery_status: 'delivered', delivery_kind: 'sms' }))).toEqual({
      delivery: 'delivered',
      error: 'sent as SMS instead',
    });
    expect(deliveryOf(undefined).delivery).toBe('sent');
  });

  it('the WhatsApp window is open for 24 hours after the last inbound message', () => {
    expect(replyWindow('whatsapp', 1000, 1000 + WINDOW_MS - 1)).toEqual({
      channel: 'whatsapp',
      open: true,
      closesAt: 1000 + WINDOW_MS,
    });
    expect(replyWindow('whatsapp', 1000, 1000 + WINDOW_MS)?.open).toBe(false);
    expect(replyWindow('whatsapp', null, 5)?.open).toBe(false);
    expect(replyWindow('simulator', 1000, 1000)).toBeNull();
  });
});
