import { describe, expect, it } from 'vitest';
import { maskPhonesIn, maskPii } from './pii-mask';

describe('maskPii', () => {
  it('hides message text, names and phone numbers, keeps types and structure', () => {
    const event = {
      type: 'message',
      at: 1,
      channel: 'whatsapp',
      text: 'I am Wanjiru, call me on 0712 345 678',
      understanding: { intent: 'book', name: 'Wanjiru' },
      from: '+254712345678',
    };
    const masked = maskPii(event) as Record<string, unknown>;
    expect(masked).toEqual({
      type: 'message',
      at: 1,
      channel: 'whatsapp',
      text: '••• (37 chars hidden)',
      understanding: '••• (hidden)',
      from: '+2547•••••678',
    });
    expect(event.text).toContain('Wanjiru');
  });

  it('masks phone numbers inside other strings and nested effects', () => {
    expect(maskPhonesIn('ring +254712345678 now')).toBe('ring +2547•••••678 now');
    expect(maskPhonesIn('slot 10:00-11:00 on 2026-05-01')).toBe('slot 10:00-11:00 on 2026-05-01');
    const effects = [{ type: 'reply', message: { kind: 'text', text: 'Asante Wanjiru' } }];
    expect(JSON.stringify(maskPii(effects))).not.toContain('Wanjiru');
  });
});
