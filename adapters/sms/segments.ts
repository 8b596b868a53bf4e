/**
 * How many SMS parts a message takes (what Africa's Talking bills per recipient): GSM-7 text is
 * 160 characters in one part, 153 per part when split; anything else is UCS-2, 70 and 67 UTF-16
 * units. GSM-7 extension characters (€ [ ] { } ...) count twice.
 */

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '\f^{}\\[~]|€';

const basic = new Set(GSM_BASIC);
const extension = new Set(GSM_EXTENSION);

export interface SmsParts {
  encoding: 'GSM-7' | 'UCS-2';
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  parts: number;
}

export function smsParts(message: string): SmsParts {
  let septets = 0;
  for (const char of message) {
    if (basic.has(char)) septets += 1;
    else if (extension.has(char)) septets += 2;
    else return count('UCS-2', message.length, 70, 67);
  }
  return count('GSM-7', septets, 160, 153);
}

function count(encoding: SmsParts['encoding'], units: number, single: number, multi: number) {
  return { encoding, units, parts: units <= single ? 1 : Math.ceil(units / multi) };
}
