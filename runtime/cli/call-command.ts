import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Language } from '../../contract';
import { utteranceReader } from '../calls/utterance-reader';
import {
  callerSpeech,
  decodeWav,
  encodeWav,
  HttpTurnBridge,
  loadLiveKitVoice,
  type CallerTurn,
  type TranscriptEntry,
} from '../../voice';

const USAGE = `usage: ratiba call --tenant <slug> --from <phone> [turns...] [options]

A phone call through the full pipeline with offline voice, against a running backend
(\`npm start\`): our side is spoken by espeak-ng, the caller's heard by pocketsphinx.

turns (in order, one per caller utterance):
  --say "<words>"        the caller's words, spoken by espeak-ng and recognised (English)
  --wav <file.wav>       a recording of the caller (16-bit PCM WAV, any rate)
  --text "<words>"       typed words: recognition skipped (Swahili calls, exact input)

options:
  --url <backend>        default http://localhost:$PORT (3000)
  --token <token>        the backend's RATIBA_SERVICE_TOKEN or a console access token (Keycloak);
                         default $RATIBA_SERVICE_TOKEN; none is needed by a backend on this
                         machine without Keycloak
  --out <file.wav>       write everything the agent said to a WAV file
  --lang en|sw           the call's language until the caller shows another (default en)
  --follow-up <channel>  where the thread's follow-ups go after the call: simulator (default),
                         whatsapp or sms`;

interface Vocabulary {
  services: string[];
  staff: string[];
  timezone: string;
}

/** Service and staff names from the console API (for the recogniser's grammar), best effort. */
async function vocabulary(url: string, tenant: string, token?: string): Promise<Vocabulary> {
  const empty = { services: [], staff: [], timezone: 'Africa/Nairobi' };
  const res = await fetch(`${url}/api/tenants/${encodeURIComponent(tenant)}/catalog`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  }).catch(() => undefined);
  if (!res?.ok) return empty;
  const c = (await res.json()) as {
    timezone?: string;
    services?: { name?: string }[];
    staff?: { name?: string }[];
  };
  const names = (xs: { name?: string }[] = []) =>
    xs.map((x) => x.name).filter((n): n is string => typeof n === 'string');
  return {
    services: names(c.services),
    staff: names(c.staff),
    timezone: c.timezone ?? empty.timezone,
  };
}

async function turnsOf(tokens: { name: string; value: string }[]): Promise<CallerTurn[]> {
  const turns: CallerTurn[] = [];
  for (const t of tokens) {
    if (t.name === 'say') turns.push({ audio: await callerSpeech(t.value) });
    else if (t.name === 'wav') turns.push({ audio: decodeWav(await readFile(t.value)) });
    else if (t.name === 'text') turns.push({ text: t.value });
  }
  return turns;
}

/** One line of the printed transcript: who, the words, and marks (choice, cut off, filler). */
export function transcriptLine(e: TranscriptEntry): string {
  if (e.who === 'caller') return `caller> ${e.text}${e.choice ? `   [choice ${e.choice}]` : ''}`;
  const heard = e.heard === 'yes' ? '' : `   [${e.heard === 'no' ? 'not heard' : 'cut off'}]`;
  return `agent>  ${e.text}${heard}${e.filler ? '   [filler]' : ''}`;
}

/** `npx ratiba call ...`. Returns the exit code. */
export async function callCommand(argv: string[]): Promise<number> {
  const { values, tokens } = parseArgs({
    args: argv,
    tokens: true,
    options: {
      tenant: { type: 'string' },
      from: { type: 'string' },
      url: { type: 'string' },
      token: { type: 'string' },
      out: { type: 'string' },
      lang: { type: 'string' },
      'follow-up': { type: 'string' },
      say: { type: 'string', multiple: true },
      wav: { type: 'string', multiple: true },
      text: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.tenant || !values.from) {
    console.error(USAGE);
    return values.help ? 0 : 2;
  }
  const url = values.url ?? `http://localhost:${process.env.PORT ?? 3000}`;
  const followUp = values['follow-up'] ?? 'simulator';
  if (!['simulator', 'whatsapp', 'sms'].includes(followUp)) {
    console.error('ratiba call: --follow-up must be simulator, whatsapp or sms');
    return 2;
  }
  const lang: Language = values.lang === 'sw' ? 'sw' : 'en';
  // An empty variable means unset.
  const token = values.token || process.env.RATIBA_SERVICE_TOKEN || undefined;
  const turnTokens = tokens.flatMap((t) =>
    t.kind === 'option' && typeof t.value === 'string' ? [{ name: t.name, value: t.value }] : [],
  );
  try {
    const turns = await turnsOf(turnTokens);
    const vocab = await vocabulary(url, values.tenant, token);
    const callId = `cli-${randomUUID()}`;
    console.log(`calling ${values.tenant} as ${values.from} via ${url} (call ${callId})`);
    const { runOfflineCall } = await loadLiveKitVoice();
    const result = await runOfflineCall(turns, {
      call: { tenant: values.tenant, from: values.from, callId },
      bridge: new HttpTurnBridge(url, {
        followUp: followUp as 'simulator',
        ...(token ? { token } : {}),
      }),
      read: utteranceReader(vocab.timezone),
      vocabulary: { services: vocab.services, staff: vocab.staff },
      timezone: vocab.timezone,
      language: lang,
      onTranscript: (e) => console.log(transcriptLine(e)),
      onError: (err, where) => console.error(`(${where}: ${(err as Error).message})`),
    });
    if (values.out && result.agentAudio) {
      await writeFile(values.out, encodeWav(result.agentAudio));
      console.log(`agent audio written to ${values.out}`);
    }
    const t = result.timings.finalToFirstTts;
    if (t.length)
      console.log(
        `final transcript -> first TTS request: ${t.map((x) => x.toFixed(0)).join(', ')} ms`,
      );
    return 0;
  } catch (err) {
    console.error(`ratiba call: ${(err as Error).message}`);
    return 1;
  }
}
