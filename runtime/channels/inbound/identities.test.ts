import { describe, expect, it } from 'vitest';
import { phoneInText } from './identities';

describe('phoneInText', () => {
  it.each([
    ['my number is 0712 345 678', '+254712345678'],
    ['+254712345678', '+254712345678'],
    ['call 254-712-345-678 now', '+254712345678'],
    ['(0712) 345678', '+254712345678'],
  ])('%s -> %s', (text, phone) => expect(phoneInText(text)).toBe(phone));

  it.each(['book at 10:00 tomorrow', 'KES 3500', '12345', 'on 2026-03-04'])(
    'no phone in %s',
    (text) => expect(phoneInText(text)).toBeUndefined(),
  );
});
