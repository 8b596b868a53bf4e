import { describe, expect, it } from 'vitest';
import { smsParts } from './segments';

describe('smsParts', () => {
  it.each([
    ['a'.repeat(160), 'GSM-7', 160, 1],
    ['a'.repeat(161), 'GSM-7', 161, 2],
    ['a'.repeat(306), 'GSM-7', 306, 2],
    ['a'.repeat(307), 'GSM-7', 307, 3],
    ['€'.repeat(80), 'GSM-7', 160, 1],
    ['€'.repeat(81), 'GSM-7', 162, 2],
    ['Habari Wanjiru! Miadi yako ni kesho saa tatu asubuhi.', 'GSM-7', 53, 1],
    ['ñ'.repeat(160), 'GSM-7', 160, 1],
    ['Asante 🙏', 'UCS-2', 9, 1],
    ['ç'.repeat(70), 'UCS-2', 70, 1],
    ['ç'.repeat(71), 'UCS-2', 71, 2],
  ])('%#: %s', (message, encoding, units, parts) => {
    expect(smsParts(message)).toEqual({ encoding, units, parts });
  });
});
