import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../contract';
import { buttonsMessage, type Choice } from '../../test-support/messages';
import { renderWhatsAppMessage } from './render';
import { renderWhatsAppTemplate, type WhatsAppSendBody } from './send-body';
import { whatsAppSendBodyViolations } from './testing/send-body-violations';

const fixtureBody = (name: string): unknown =>
  (
    JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as {
      body: unknown;
    }
  ).body;

const TO = '+254712000001';

function render(message: OutboundMessage, options = {}): WhatsAppSendBody {
  const body = renderWhatsAppMessage(TO, message, options);
  expect(whatsAppSendBodyViolations(body)).toEqual([]);
  return body;
}

function textOf(body: WhatsAppSendBody): string {
  if (body.type !== 'text') throw new Error(`expected a text message, got ${body.type}`);
  return body.text.body;
}

const buttons = (n: number, title = (i: number) => `Option ${i + 1}`) =>
  Array.from({ length: n }, (_, i) => ({ id: `opt-${i + 1}`, title: title(i) }));

/** A buttons message of these [id, title] pairs, rendered. */
const renderChoice = (text: string, ...choices: Choice[]) =>
  render(buttonsMessage(text, ...choices));

describe('renderWhatsAppMessage: the fixture requests', () => {
  it('renders a text message exactly like send-text-request.json', () => {
    const text = 'Asante! Bei ya mbolea ni KES 3,500 kwa gunia la 50kg.';
    expect(render({ kind: 'text', text })).toEqual(fixtureBody('send-text-request.json'));
  });

  it('renders reply buttons exactly like send-buttons-request.json', () => {
    const message = buttonsMessage(
      'Your order total is KES 3,700. How would you like to pay?',
      ['pay-mpesa', 'Pay with M-Pesa'],
      ['pay-card', 'Pay by card'],
      ['talk-agent', 'Talk to an agent'],
    );
    const options = { header: 'Order #A1042', footer: 'Reply within 24 hours' };
    expect(render(message, options)).toEqual(fixtureBody('send-buttons-request.json'));
  });

  it('renders a list exactly like send-list-request.json', () => {
    const message: OutboundMessage = {
      kind: 'list',
      text: 'Where should we deliver your order?',
      button: 'Choose area',
      sections: [
        {
          title: 'Nairobi',
          rows: [
            { id: 'deliver-nairobi-cbd', title: 'Nairobi CBD', description: 'Same day, KES 200' },
            { id: 'deliver-westlands', title: 'Westlands', description: 'Same day, KES 250' },
          ],
        },
        {
          title: 'Upcountry',
          rows: [
            { id: 'deliver-nakuru', title: 'Nakuru', description: 'Next day, KES 450' },
            { id: 'pickup-shop', title: 'Pick up at shop', description: 'Free' },
          ],
        },
      ],
    };
    const options = { header: 'Delivery options', footer: 'Prices include VAT' };
    expect(render(message, options)).toEqual(fixtureBody('send-list-request.json'));
  });

  it('renders a template exactly like send-template-request.json', () => {
    const body = renderWhatsAppTemplate(TO, {
      name: 'order_followup',
      language: 'en',
      bodyParameters: ['Wanjiru', 'A1042'],
    });
    expect(body).toEqual(fixtureBody('send-template-request.json'));
  });
});

describe('renderWhatsAppMessage: text limits', () => {
  it('shortens text over 4096 characters with an ellipsis', () => {
    const body = textOf(render({ kind: 'text', text: 'a'.repeat(5000) }));
    expect(body).toHaveLength(4096);
    expect(body.endsWith('…')).toBe(true);
  });

  it('never ends on half an emoji', () => {
    const body = textOf(render({ kind: 'text', text: `${'a'.repeat(4094)}😀😀` }));
    expect(body).toBe(`${'a'.repeat(4094)}…`);
  });

  it('sends something for empty text (the API refuses an empty body)', () => {
    expect(textOf(render({ kind: 'text', text: ' \n ' }))).toBe('…');
  });

  it('turns a buttons message without buttons into text', () => {
    expect(render({ kind: 'buttons', text: 'Hi', buttons: [] })).toMatchObject({ type: 'text' });
  });
});

describe('renderWhatsAppMessage: reply buttons', () => {
  it('shortens a button title over 20 characters', () => {
    const body = render({
      kind: 'buttons',
      text: 'Pay?',
      buttons: [{ id: 'a', title: 'Pay with M-Pesa right now' }],
    });
    expect(body).toMatchObject({
      interactive: { action: { buttons: [{ reply: { id: 'a', title: 'Pay with M-Pesa rig…' } }] } },
    });
  });

  it('shortens header and footer to 60 and drops empty ones', () => {
    const body = render(
      { kind: 'buttons', text: 'Pay?', buttons: buttons(2) },
      { header: 'h'.repeat(61), footer: '  ' },
    );
    expect(body.type === 'interactive' && body.interactive.header?.text).toBe(`${'h'.repeat(59)}…`);
    expect(body.type === 'interactive' && body.interactive.footer).toBeUndefined();
  });

  it('uses a list for 4 to 10 buttons, with a button label in the customer language', () => {
    const body = render(
      { kind: 'buttons', text: 'Which service?', buttons: buttons(4) },
      { language: 'sw' },
    );
    expect(body).toMatchObject({
      type: 'interactive',
      interactive: {
        type: 'list',
        action: {
          button: 'Chagua',
          sections: [{ rows: buttons(4) }],
        },
      },
    });
  });

  it('uses a list when the body is over 1024 characters', () => {
    const body = render({ kind: 'buttons', text: 'x'.repeat(1500), buttons: buttons(2) });
    expect(body).toMatchObject({ interactive: { type: 'list', body: { text: 'x'.repeat(1500) } } });
  });

  it('uses a list when titles only differ after 20 characters', () => {
    const body = renderChoice(
      'Which one?',
      ['a', 'Haircut and wash - short'],
      ['b', 'Haircut and wash - long'],
    );
    expect(body).toMatchObject({ interactive: { type: 'list' } });
  });

  it('degrades to numbered text for more than 10 buttons', () => {
    const body = textOf(render({ kind: 'buttons', text: 'Pick a time', buttons: buttons(11) }));
    expect(body).toContain('1. Option 1\n');
    expect(body).toContain('11. Option 11');
    expect(body.endsWith('Reply with a number (1-11)')).toBe(true);
  });

  it('degrades to numbered text when an id is too long to send (ids are never cut)', () => {
    const body = textOf(renderChoice('Confirm?', ['x'.repeat(257), 'Yes'], ['no', 'No']));
    expect(body).toBe('Confirm?\n\n1. Yes\n2. No\n\nReply 1 or 2');
  });

  it('degrades to numbered text when the body is empty', () => {
    const body = textOf(
      render({ kind: 'buttons', text: '', buttons: buttons(3) }, { language: 'sw' }),
    );
    expect(body).toBe('1. Option 1\n2. Option 2\n3. Option 3\n\nJibu 1, 2 au 3');
  });

  it('degrades when two buttons share an id', () => {
    const body = renderChoice('Confirm?', ['same', 'Yes'], ['same', 'No']);
    expect(body.type).toBe('text');
  });
});

describe('renderWhatsAppMessage: lists', () => {
  const list = (rows: number, extra: Partial<{ title: string; description: string }> = {}) =>
    ({
      kind: 'list',
      text: 'Pick one',
      button: 'See options',
      sections: [
        {
          title: 'Section',
          rows: Array.from({ length: rows }, (_, i) => ({
            id: `row-${i}`,
            title: extra.title === undefined ? `Row ${i}` : `${i}${extra.title}`,
            ...(extra.description === undefined ? {} : { description: extra.description }),
          })),
        },
      ],
    }) satisfies OutboundMessage;

  it('shortens row titles (24), descriptions (72), section titles (24) and the button (20)', () => {
    const message = list(2, { title: 't'.repeat(30), description: 'd'.repeat(80) });
    message.sections[0]!.title = 's'.repeat(30);
    message.button = 'b'.repeat(25);
    const body = render(message);
    if (body.type !== 'interactive' || body.interactive.type !== 'list') throw new Error('list');
    const { button, sections } = body.interactive.action;
    expect(button).toBe(`${'b'.repeat(19)}…`);
    expect(sections[0]!.title).toBe(`${'s'.repeat(23)}…`);
    expect(sections[0]!.rows[0]).toEqual({
      id: 'row-0',
      title: `0${'t'.repeat(22)}…`,
      description: `${'d'.repeat(71)}…`,
    });
  });

  it('degrades to numbered text for more than 10 rows in total', () => {
    const message = list(6);
    message.sections.push({
      title: 'More',
      rows: list(5).sections[0]!.rows.map((r) => ({ ...r, id: `more-${r.id}` })),
    });
    const body = textOf(render(message));
    expect(body).toContain('Section\n1. Row 0');
    expect(body).toContain('More\n7. Row 0');
    expect(body.endsWith('Reply with a number (1-11)')).toBe(true);
  });

  it('merges sections into one when a section has no title', () => {
    const message = list(2);
    message.sections.push({ title: '', rows: [{ id: 'x', title: 'Extra' }] });
    const body = render(message);
    if (body.type !== 'interactive' || body.interactive.type !== 'list') throw new Error('list');
    expect(body.interactive.action.sections).toEqual([
      {
        rows: [
          { id: 'row-0', title: 'Row 0' },
          { id: 'row-1', title: 'Row 1' },
          { id: 'x', title: 'Extra' },
        ],
      },
    ]);
  });

  it('drops empty sections and falls back to a default button label', () => {
    const message = list(1);
    message.button = ' ';
    message.sections.unshift({ title: 'Empty', rows: [] });
    const body = render(message);
    expect(body).toMatchObject({
      interactive: {
        action: { button: 'Choose', sections: [{ title: 'Section', rows: [{ id: 'row-0' }] }] },
      },
    });
  });

  it('turns a list without rows into text', () => {
    expect(render({ kind: 'list', text: 'Nothing free', button: 'x', sections: [] })).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: TO,
      type: 'text',
      text: { preview_url: false, body: 'Nothing free' },
    });
  });
});
