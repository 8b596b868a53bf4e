import { describe, expect, it } from 'vitest';
import { renderWhatsAppMarkRead, renderWhatsAppTemplate } from './send-body';
import { whatsAppSendBodyViolations } from './testing/send-body-violations';

const TO = '+254712000001';

describe('templates and mark-as-read', () => {
  it('puts a parameter on one line (Meta refuses new lines and tabs: 132018)', () => {
    const body = renderWhatsAppTemplate(TO, {
      name: 'reminder',
      language: 'sw',
      bodyParameters: ['Kesho\nsaa\ttatu     asubuhi', ''],
    });
    expect(body.template.components?.[0]?.parameters).toEqual([
      { type: 'text', text: 'Kesho saa tatu asubuhi' },
      { type: 'text', text: '-' },
    ]);
    expect(whatsAppSendBodyViolations(body)).toEqual([]);
  });

  it('omits components for a template without parameters', () => {
    const body = renderWhatsAppTemplate(TO, { name: 'hello_world', language: 'en_US' });
    expect(body.template).toEqual({ name: 'hello_world', language: { code: 'en_US' } });
  });

  it.each([
    ['an upper-case name', { name: 'Order_Followup', language: 'en' }],
    ['a name with spaces', { name: 'order followup', language: 'en' }],
    ['a bad language', { name: 'order_followup', language: 'english' }],
  ])('refuses %s', (_, template) => {
    expect(() => renderWhatsAppTemplate(TO, template)).toThrow(/invalid/);
  });

  it('renders the mark-as-read body', () => {
    expect(renderWhatsAppMarkRead('wamid.X')).toEqual({
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: 'wamid.X',
    });
  });
});
