/**
 * Throughput and latency of the embedded understanding parser on a realistic mixed corpus
 * (English, Swahili, Sheng, typos, slot answers, noise), parsed over and over after a warm-up.
 */
import { performance } from 'node:perf_hooks';
import { createEmbeddedParser, type NluCatalog, type ParseContext } from '../understanding';

export interface NluBenchResult {
  messagesPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

export interface NluBenchOptions {
  /** Parses measured (the corpus is cycled). */
  parses: number;
  /** Parses before measuring, so the JIT and the memo tables are warm. */
  warmupParses: number;
}

export const DEFAULT_NLU_BENCH_OPTIONS: NluBenchOptions = { parses: 50_000, warmupParses: 5_000 };

const CATALOG: NluCatalog = {
  services: [
    { id: 'haircut', names: ['Haircut', 'Kunyoa nywele', 'cut', 'trim', 'kunyoa'] },
    { id: 'braids', names: ['Box braids', 'Kusuka', 'braiding', 'rasta', 'kusuka', 'twists'] },
    { id: 'manicure', names: ['Manicure', 'Kutengeneza kucha za mikono', 'mani', 'nails'] },
    { id: 'pedicure', names: ['Pedicure', 'Kutengeneza kucha za miguu', 'pedi'] },
    { id: 'massage', names: ['Full body massage', 'Masaji ya mwili mzima', 'massage', 'masaji'] },
  ],
  staff: [
    { id: 'wanjiku', name: 'Wanjiku' },
    { id: 'achieng', name: 'Achieng' },
    { id: 'baraka', name: 'Baraka' },
  ],
};

export const NLU_BENCH_CORPUS: readonly string[] = [
  'Hi',
  'habari',
  'Mambo vipi',
  'niaje',
  'Good morning, I would like to book a haircut tomorrow at 3pm',
  'niko na hamu ya kubook haircut kesho saa tisa',
  'nataka kusuka Jumamosi asubuhi na Wanjiku',
  'pedicure friday 3pm',
  'Can I get box braids next Friday at 9?',
  'ningependa masaj kesho kutwa saa nane mchana',
  'manicur na pedicur tarehe 15 saa 4 na nusu',
  'I want a haircutt with Baraka on Dec 15 at 10:30am',
  'buk pedi kesho jioni',
  'weka miadi ya masaji Ijumaa ijayo saa tatu asubuhi',
  'book me for 15/12 at noon',
  'Do you have any slots this Wednesday afternoon?',
  'cancel my appointment',
  'sitaweza kuja kesho, naomba mfute miadi yangu',
  'nataka kucancel',
  'Can I move my haircut to next Monday?',
  'badilisha saa iwe saa mbili usiku',
  'reschedule to the day after tomorrow at 11',
  'my bookings',
  'miadi yangu ni lini?',
  'how much is a pedicure?',
  'bei ya kusuka ni pesa ngapi?',
  'price list please',
  'what time do you close on Saturday?',
  'mnafungua saa ngapi Jumapili?',
  'where are you located',
  'mko wapi?',
  'do you have parking?',
  'kuna parking?',
  'Do you accept M-Pesa?',
  'thanks!',
  'asante sana 🙏',
  'yes',
  'ndiyo',
  'sawa',
  'poa',
  'ok',
  '👍',
  'no',
  'hapana asante',
  'agent please',
  'nataka kuongea na mtu',
  'mtu yeyote',
  'anyone is fine',
  'STOP',
  'ACHA',
  'START',
  '1',
  '2',
  'the second one',
  'ya kwanza',
  'namba mbili',
  'saa nne kasorobo',
  'kesho jioni',
  'tomorrow morning',
  'wiki ijayo',
  'blah blah',
  '',
  '😀😀😀',
  'ＨＡＩＲＣＵＴ　ｋｅｓｈｏ',
  'hai\u200bcut kesho saa tisa',
  `nataka haircut ${'sana '.repeat(400)}`,
];

export async function runNluBench(options: Partial<NluBenchOptions> = {}): Promise<NluBenchResult> {
  const { parses, warmupParses } = { ...DEFAULT_NLU_BENCH_OPTIONS, ...options };
  const parser = createEmbeddedParser(CATALOG);
  const ctx: ParseContext = {
    now: Date.UTC(2026, 10, 18, 7, 0, 0),
    timezone: 'Africa/Nairobi',
    previousLanguage: 'en',
  };
  const corpus = NLU_BENCH_CORPUS;
  const at = (i: number) => corpus[i % corpus.length] ?? '';

  for (let i = 0; i < warmupParses; i += 1) parser.parse(at(i), ctx);
  await Promise.resolve(); // let the caller's event loop breathe between phases

  const samples = new Float64Array(parses);
  const started = performance.now();
  for (let i = 0; i < parses; i += 1) {
    const t0 = performance.now();
    parser.parse(at(i), ctx);
    samples[i] = performance.now() - t0;
  }
  const elapsedMs = performance.now() - started;
  samples.sort();
  return {
    messagesPerSec: Math.round((parses / elapsedMs) * 1000),
    p50Ms: percentile(samples, 0.5),
    p99Ms: percentile(samples, 0.99),
  };
}

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return 0;
  const value = sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return Math.round(value * 1000) / 1000;
}
