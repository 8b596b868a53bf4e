import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parserReader } from './testing/reader';
import {
  graphSendsTo,
  graphSendText,
  sendWhatsAppNow,
  startChannelEnv,
  type ChannelEnv,
} from '../test-support/channel-test-kit';
import { eventually } from '../test-support/test-runtime';
import { IngressTurnBridge } from './ingress-bridge';
import { LocalCall } from './livekit/local-call';
import { ESPEAK_SAMPLE_RATE, EspeakTts } from './offline/espeak-tts';
import { systemClock, type SynthesisOptions, type TextToSpeech } from './ports';
import { DEMO_ROUTE, FakeTts } from './testing/fakes';

let env: ChannelEnv;

beforeAll(async () => {
  env = await startChannelEnv();
});
afterAll(async () => {
  await env?.stop();
  // Nothing of any call failed on the way (a bridge, the session, the TTS).
  expect(errors).toEqual([]);
});

const whatsapp = (id: string, waId: string, text: string) => sendWhatsAppNow(env, id, waId, text);
const sendsTo = (waId: string) => graphSendsTo(env, waId);
const bodyOf = graphSendText;

/** A call on the AgentSession (typed words as the caller's, our audio recorded). */
function call(from: string, callId: string, tts: TextToSpeech = new FakeTts(systemClock, 1)) {
  return new LocalCall({
    call: { tenant: 'demo', from, callId },
    route: DEMO_ROUTE,
    bridge: new IngressTurnBridge(env.rt.ingress),
    read: parserReader(),
    tts,
    ...(tts instanceof FakeTts ? {} : { ttsSampleRate: ESPEAK_SAMPLE_RATE }),
    onError: (err, where) => errors.push(`${where}: ${String(err)}`),
  });
}

const errors: string[] = [];

const say = (c: LocalCall, text: string) => c.say(text);

/** What we said, sentence by sentence (the session records a whole reply as one message). */
const spoken = (c: LocalCall) =>
  c.transcript.flatMap((e) => (e.who === 'agent' ? e.text.split(/(?<=[.?!])\s+/) : []));

async function threadsOf(phone: string): Promise<string[]> {
  const { rows } = await env.t.db.query<{ thread_key: string }>(
    `SELECT DISTINCT i.thread_key FROM t_demo.inbox i
       JOIN t_demo.customers c ON i.thread_key = 'c:' || c.id
      WHERE c.phone = $1`,
    [phone],
  );
  return rows.map((r) => r.thread_key);
}

describe('chat <-> call on one thread actor', () => {
  it('a call continues the WhatsApp booking in the chat language, and the chat continues the call', async () => {
    const waId = '254712600001';
    await whatsapp('wamid.cont-1', waId, 'Habari, nataka kusuka Ijumaa');
    await eventually(() => Promise.resolve(sendsTo(waId).length >= 1), 20_000);
    const beforeCall = sendsTo(waId).length;

    const s = call(`+${waId}`, 'call-cont-1');
    await s.start();
    // The call opens where the chat was, in Swahili: "shall we go on with the braids on Friday?"
    expect(spoken(s).join(' ')).toMatch(
      /Tulikuwa katikati ya kuweka miadi yako\. Tuendelee na miadi ya kusuka siku ya Ijumaa\?/,
    );
    await say(s, 'ndiyo');
    // The booking goes on: the staff question (Achieng and Wanjiku both do braids).
    expect(spoken(s).at(-1)).toMatch(/^Sema moja kwa Wanjiku, mbili kwa Achieng/);
    await s.hangUp();
    // Nothing of the call was sent to WhatsApp as well.
    expect(sendsTo(waId).length).toBe(beforeCall);

    // Back in the chat: "Achieng" answers the question asked on the call.
    await whatsapp('wamid.cont-2', waId, 'Achieng');
    const reply = await eventually(
      () => Promise.resolve(sendsTo(waId).slice(beforeCall)[0]),
      20_000,
    );
    expect(bodyOf(reply)).toMatch(/Achieng/);
    expect(await threadsOf(`+${waId}`)).toHaveLength(1);
  }, 60_000);

  it('a WhatsApp message during a call is answered once, on WhatsApp, and the call goes on', async () => {
    const waId = '254712600002';
    const s = call(`+${waId}`, 'call-cont-2');
    await s.start();
    await say(s, 'I want a haircut');
    expect(spoken(s).at(-1)).toMatch(/^Say one for Wanjiku, two for Baraka, or three for Anyone\./);
    const spokenBefore = spoken(s).length;
    await whatsapp('wamid.cont-3', waId, 'Do you have parking?');
    const answer = await eventually(() => Promise.resolve(sendsTo(waId)[0]), 20_000);
    expect(bodyOf(answer)).toMatch(/parking/i);
    // The answer, then "shall we go on with the haircut?" — both on WhatsApp, each once.
    await new Promise((r) => setTimeout(r, 500));
    const onWhatsApp = sendsTo(waId).map(bodyOf);
    expect(new Set(onWhatsApp).size).toBe(onWhatsApp.length);
    // The WhatsApp answer was not spoken on the call.
    expect(spoken(s).length).toBe(spokenBefore);
    await say(s, 'hello');
    await new Promise((r) => setTimeout(r, 300));
    expect(sendsTo(waId)).toHaveLength(onWhatsApp.length);
    await s.hangUp();
    expect(await threadsOf(`+${waId}`)).toHaveLength(1);
  }, 60_000);

  it('a Swahili call is answered in Swahili, with Swahili speech', async () => {
    const requests: SynthesisOptions[] = [];
    const espeak = new EspeakTts();
    const tts: TextToSpeech = {
      name: 'espeak-ng (recorded)',
      synthesize(text, options, signal) {
        requests.push(options);
        return espeak.synthesize(text, options, signal);
      },
    };
    const s = call('+254712600003', 'call-sw-1', tts);
    await s.start();
    await say(s, 'Habari, nataka kunyoa nywele');
    const last = spoken(s).slice(-3).join(' ');
    expect(last).toMatch(/Ungependa nani akuhudumie kwa Kunyoa nywele\?/);
    expect(last).toMatch(/Sema moja kwa Wanjiku, mbili kwa Baraka, au tatu kwa Yeyote\./);
    expect(requests.at(-1)?.language).toBe('sw');
    await s.hangUp();
  }, 60_000);
});
