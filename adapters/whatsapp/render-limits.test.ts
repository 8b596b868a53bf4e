import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../contract';
import { renderWhatsAppMessage } from './render';
import type { WhatsAppSendBody } from './send-body';
import { whatsAppSendBodyViolations } from './testing/send-body-violations';

function render(message: OutboundMessage): WhatsAppSendBody {
  const body = renderWhatsAppMessage('+254712000001', message);
  expect(whatsAppSendBodyViolations(body)).toEqual([]);
  return body;
}

const buttons = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `opt-${i + 1}`, title: `Option ${i + 1}` }));

describe('renderWhatsAppMessage: exactly at and one past each limit', () => {
  const kindOf = (body: WhatsAppSendBody) =>
    body.type === 'interactive' ? body.interactive.type : body.type;

  it.each([
    ['3 buttons', buttons(3), 'x', 'button'],
    ['4 buttons', buttons(4), 'x', 'list'],
    ['10 buttons', buttons(10), 'x', 'list'],
    ['11 buttons', buttons(11), 'x', 'text'],
    ['a 256-character id', [{ id: 'i'.repeat(256), title: 'Yes' }], 'x', 'button'],
    ['a 257-character id', [{ id: 'i'.repeat(257), title: 'Yes' }], 'x', 'text'],
    [
      'a 200-character id in a list',
      [...buttons(3), { id: 'i'.repeat(200), title: 'Z' }],
      'x',
      'list',
    ],
    [
      'a 201-character id in a list',
      [...buttons(3), { id: 'i'.repeat(201), title: 'Z' }],
      'x',
      'text',
    ],
    ['a 1024-character body', buttons(2), 'b'.repeat(1024), 'button'],
    ['a 1025-character body', buttons(2), 'b'.repeat(1025), 'list'],
  ])('%s', (_, options, text, kind) => {
    expect(kindOf(render({ kind: 'buttons', text, buttons: options }))).toBe(kind);
  });

  it('keeps a 4096-character list body and shortens a 4097-character one', () => {
    const list = (text: string): OutboundMessage => ({
      kind: 'list',
      text,
      button: 'Pick',
      sections: [{ title: 'S', rows: [{ id: 'a', title: 'A' }] }],
    });
    const at = render(list('b'.repeat(4096)));
    const past = render(list('b'.repeat(4097)));
    expect(at.type === 'interactive' && at.interactive.body.text).toBe('b'.repeat(4096));
    expect(past.type === 'interactive' && past.interactive.body.text).toBe(`${'b'.repeat(4095)}…`);
  });

  it('keeps titles of exactly 20 (button) and 24 (row) characters whole', () => {
    const button = render({
      kind: 'buttons',
      text: 'x',
      buttons: [{ id: 'a', title: 't'.repeat(20) }],
    });
    expect(button).toMatchObject({
      interactive: { action: { buttons: [{ reply: { title: 't'.repeat(20) } }] } },
    });
    const list = render({
      kind: 'list',
      text: 'x',
      button: 'b'.repeat(20),
      sections: [
        {
          title: 's'.repeat(24),
          rows: [{ id: 'a', title: 'r'.repeat(24), description: 'd'.repeat(72) }],
        },
      ],
    });
    expect(list).toMatchObject({
      interactive: {
        action: {
          button: 'b'.repeat(20),
          sections: [
            {
              title: 's'.repeat(24),
              rows: [{ title: 'r'.repeat(24), description: 'd'.repeat(72) }],
            },
          ],
        },
      },
    });
  });
});
