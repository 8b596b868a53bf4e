import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { callGrammar } from './call-grammar';
import { callDictionaryFile, DEFAULT_DICTIONARY, extraDictionaryLines } from './dictionary';

describe('the offline call grammar and dictionary', () => {
  it('lets a caller ask for the chat copy in English and Swahili', () => {
    const g = callGrammar({ services: ['Haircut', 'Kunyoa nywele'], staff: [], choices: [] });
    expect(g).toMatch(/^public <utt> = .*<send>/m);
    const send = g.split('\n').find((l) => l.startsWith('<send> ='))!;
    expect(send).toContain('send it to me on whatsapp');
    expect(send).toContain('[tafadhali] nitumie [kwa] whatsapp');
    // The hours are one to twelve; a service whose words no dictionary has is left out.
    expect(g).toContain('<num> = one | two | three | four | five | six | seven | eight | nine');
    expect(g).toMatch(/<num> = .*\| twelve;/);
    expect(g).toContain('<service> = haircut;');
  });

  it('numbers extra pronunciations after the ones the dictionary has', () => {
    const lines = extraDictionaryLines('what W AH T\nwhatsapp W AH T S AA P\nkwa K W AA\n');
    expect(lines).toContain('whatsapp(2) W AH T S AE P');
    expect(lines).toContain('kwa(2) K W AA');
    expect(lines).toContain('nitumie N IY T UW M IY EH');
    expect(lines).toContain('nitumie(2) N IY T UW M IY AH');
    expect(lines.filter((l) => l.startsWith('whatsapp '))).toEqual([]);
  });

  it('writes the model dictionary plus the extra words, with no name twice', () => {
    const text = readFileSync(callDictionaryFile(), 'utf8');
    expect(text.startsWith(readFileSync(DEFAULT_DICTIONARY, 'utf8').trimEnd())).toBe(true);
    const names = text
      .split('\n')
      .map((l) => l.split(' ', 1)[0]!)
      .filter(Boolean);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['nitumie', 'tafadhali', 'whatsapp(2)']));
  });
});
