import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * pocketsphinx's pronunciation dictionary, with the words a caller of a Kenyan booking line says
 * that the US English CMU dictionary lacks: "WhatsApp" and the Swahili of "send it to me on
 * WhatsApp" ("nitumie kwa WhatsApp"), spelt in the model's ARPAbet phones.
 */

export const DEFAULT_DICTIONARY = '/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict';

/** Word -> pronunciations (ARPAbet, the first is the usual one). */
export const EXTRA_PRONUNCIATIONS: Readonly<Record<string, readonly string[]>> = {
  whatsapp: ['W AH T S AE P', 'W AA T S AE P', 'HH W AH T S AE P'],
  nitumie: ['N IY T UW M IY EH', 'N IY T UW M IY AH'],
  kwa: ['K W AA', 'K W AH'],
  tafadhali: ['T AA F AA DH AA L IY', 'T AH F AH TH AA L IY'],
};

/**
 * The extra words as dictionary lines. A word the dictionary already has (cmudict knows
 * "whatsapp" as W AH T S AA P) gets its extra pronunciations numbered after the ones it has
 * ("whatsapp(2) ..."): pocketsphinx drops a second line of the same name.
 */
export function extraDictionaryLines(base: string): string[] {
  const known = new Map<string, number>();
  for (const line of base.split('\n')) {
    const m = /^([^\s(]+)(?:\((\d+)\))?\s/.exec(line);
    if (m && m[1]! in EXTRA_PRONUNCIATIONS)
      known.set(m[1]!, Math.max(known.get(m[1]!) ?? 0, Number(m[2] ?? 1)));
  }
  return Object.entries(EXTRA_PRONUNCIATIONS).flatMap(([word, prons]) => {
    const have = known.get(word) ?? 0;
    return prons.map((p, i) => `${have + i ? `${word}(${have + i + 1})` : word} ${p}`);
  });
}

const words = new Map<string, Set<string>>();

/** The words of a pocketsphinx dictionary and the extra ones (read once per path). */
export function loadDictionary(path = DEFAULT_DICTIONARY): Set<string> {
  let set = words.get(path);
  if (!set) {
    set = new Set(
      readFileSync(path, 'utf8')
        .split('\n')
        .map((l) => l.split(' ', 1)[0]!)
        .filter((w) => w && !w.includes('(')),
    );
    for (const w of Object.keys(EXTRA_PRONUNCIATIONS)) set.add(w);
    words.set(path, set);
  }
  return set;
}

const files = new Map<string, string>();

/**
 * A dictionary file for `pocketsphinx_continuous -dict`: the model's dictionary plus the extra
 * words, written once per process to a temporary directory.
 */
export function callDictionaryFile(path = DEFAULT_DICTIONARY): string {
  let file = files.get(path);
  if (!file) {
    file = join(mkdtempSync(join(tmpdir(), 'ratiba-dict-')), 'call.dict');
    const base = readFileSync(path, 'utf8').replace(/\n*$/, '\n');
    writeFileSync(file, base + extraDictionaryLines(base).join('\n') + '\n');
    files.set(path, file);
  }
  return file;
}
