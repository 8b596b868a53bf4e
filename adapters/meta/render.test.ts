import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../contract';
import { buttonsMessage } from '../../test-support/messages';
import { renderMetaMessage, renderMetaSenderAction, type MetaSendBody } from './render';
import { metaSendBodyViolations } from './testing/send-body-violations';

const PSID = '6543210987654321';

function render(
  channel: 'messenger' | 'instagram',
  message: OutboundMessage,
  options = {},
): MetaSendBody {
  const body = renderMetaMessage(channel, PSID, message, options);
  expect(metaSendBodyViolations(channel, body)).toEqual([]);
  return body;
}

const options = (n: number, title = (i: number) => `Option ${i + 1}`) =>
  Array.from({ length: n }, (_, i) => ({ id: `opt-${i + 1}`, title: title(i) }));

const textOf = (body: MetaSendBody): string => {
  if (!('text' in body.message)) throw new Error('expected text');
  return body.message.text;
};

describe('renderMetaMessage', () => {
  it('renders 4 choices as quick replies exactly like the fixture request', () => {
    const fixture = JSON.parse(
      readFileSync(
        new URL('./fixtures/messenger-send-quick-replies-request.json', import.meta.url),
        'utf8',
      ),
    ) as { body: unknown };
    const body = render(
      'messenger',
      buttonsMessage(
        'How would you like to pay?',
        ['pay-mpesa', 'Pay with M-Pesa'],
        ['pay-card', 'Pay by card'],
        ['talk-agent', 'Talk to an agent'],
        ['pay-salon', 'Pay at the salon'],
      ),
    );
    expect(body).toEqual(fixture.body);
  });

  it('uses a button template on Messenger for up to 3 choices', () => {
    const body = render('messenger', { kind: 'buttons', text: 'Confirm?', buttons: options(3) });
    expect(body.message).toEqual({
      attachment: {
        type: 'template',
        payload: {
          template_type: 'button',
          text: 'Confirm?',
          buttons: options(3).map((o) => ({ type: 'postback', title: o.title, payload: o.id })),
        },
      },
    });
  });

  it('uses quick replies on Instagram (no button template)', () => {
    const body = render('instagram', { kind: 'buttons', text: 'Confirm?', buttons: options(2) });
    expect(body.message).toEqual({
      text: 'Confirm?',
      quick_replies: options(2).map((o) => ({
        content_type: 'text',
        title: o.title,
        payload: o.id,
      })),
    });
  });

  it('falls back from the button template to quick replies when the text is over 640', () => {
    const body = render('messenger', {
      kind: 'buttons',
      text: 'x'.repeat(641),
      buttons: options(2),
    });
    expect(body.message).toMatchObject({ text: 'x'.repeat(641), quick_replies: [{}, {}] });
  });

  it('shortens quick reply titles to 20 characters', () => {
    const body = render('instagram', {
      kind: 'buttons',
      text: 'Pick',
      buttons: [{ id: 'a', title: 'Haircut with a long name' }],
    });
    expect(body.message).toMatchObject({ quick_replies: [{ title: 'Haircut with a long…' }] });
  });

  it.each([
    ['13 choices -> quick replies', 13, 'quick'],
    ['14 choices -> numbered text', 14, 'text'],
  ])('%s', (_, n, kind) => {
    const body = render('messenger', { kind: 'buttons', text: 'Pick a time', buttons: options(n) });
    expect('quick_replies' in body.message ? 'quick' : 'text').toBe(kind);
    if (kind === 'text') expect(textOf(body).endsWith('Reply with a number (1-14)')).toBe(true);
  });

  it('degrades to numbered text when a payload is over 1000 characters', () => {
    const body = render(
      'messenger',
      {
        kind: 'buttons',
        text: 'Sure?',
        buttons: [
          { id: 'p'.repeat(1001), title: 'Yes' },
          { id: 'n', title: 'No' },
        ],
      },
      { language: 'sw' },
    );
    expect(textOf(body)).toBe('Sure?\n\n1. Yes\n2. No\n\nJibu 1 au 2');
  });

  it('lists descriptions and sections in the text, above the quick replies', () => {
    const body = render('messenger', {
      kind: 'list',
      text: 'Where?',
      button: 'Choose',
      sections: [
        { title: 'Nairobi', rows: [{ id: 'cbd', title: 'CBD', description: 'Same day' }] },
        { title: 'Upcountry', rows: [{ id: 'nakuru', title: 'Nakuru' }] },
      ],
    });
    expect(body.message).toEqual({
      text: 'Where?\n\nNairobi\n1. CBD - Same day\n\nUpcountry\n2. Nakuru',
      quick_replies: [
        { content_type: 'text', title: 'CBD', payload: 'cbd' },
        { content_type: 'text', title: 'Nakuru', payload: 'nakuru' },
      ],
    });
  });

  it('shortens Messenger text to 2000 characters', () => {
    const text = textOf(render('messenger', { kind: 'text', text: 'a'.repeat(2500) }));
    expect(text).toHaveLength(2000);
  });

  it('shortens Instagram text to 1000 UTF-8 bytes, not characters', () => {
    const text = textOf(render('instagram', { kind: 'text', text: 'é'.repeat(900) }));
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(1000);
    expect(text.length).toBeLessThan(500);
    expect(text.endsWith('…')).toBe(true);
  });

  it('sends a message tag when asked, and refuses tags Instagram does not know', () => {
    const body = render(
      'messenger',
      { kind: 'text', text: 'Reminder' },
      { tag: 'CONFIRMED_EVENT_UPDATE' },
    );
    expect(body).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'CONFIRMED_EVENT_UPDATE' });
    expect(() =>
      renderMetaMessage('instagram', PSID, { kind: 'text', text: 'x' }, { tag: 'ACCOUNT_UPDATE' }),
    ).toThrow(/HUMAN_AGENT/);
  });

  it('renders mark_seen', () => {
    expect(renderMetaSenderAction(PSID, 'mark_seen')).toEqual({
      recipient: { id: PSID },
      sender_action: 'mark_seen',
    });
  });
});
