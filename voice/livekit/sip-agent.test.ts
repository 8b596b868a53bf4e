import { initializeLogger } from '@livekit/agents';
import { beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../ports';
import { Mic, Speaker } from '../testing/agent-io';
import { FakeBridge, FakeTts, scriptedStt, text } from '../testing/fakes';
import { parserReader } from '../testing/reader';
import { answerCall, type CallTransport } from './sip-agent';
import { callIdOf, decideSipCall, type CallRoute, type CallRouter } from './sip-call';

beforeAll(() =>
  initializeLogger({ pretty: false, level: (process.env.LKLOG as 'silent') ?? 'silent' }),
);

const DEMO: CallRoute = {
  tenant: 'demo',
  timezone: 'Africa/Nairobi',
  languages: ['sw', 'en'],
  voices: { en: 'voiceEn123', sw: 'voiceSw123' },
  vocabulary: { services: ['Haircut'], staff: ['Wanjiku'] },
};

/** The demo tenant's voice line, as the runtime's router knows it. */
class Router implements CallRouter {
  readonly asked: string[] = [];
  route(called: string) {
    this.asked.push(called);
    return Promise.resolve(called === '+254709000100' ? DEMO : null);
  }
}

const sip = (a: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >;

describe('SIP participant attributes -> (tenant, caller)', () => {
  it('answers a call to a tenant line from a number that shows', async () => {
    const router = new Router();
    const d = await decideSipCall(
      sip({
        'sip.phoneNumber': '+254712345678',
        'sip.trunkPhoneNumber': '+254709000100',
        'sip.callID': 'SCL_abc123',
      }),
      'call-_+254712345678_xyz',
      router,
    );
    expect(d).toEqual({
      kind: 'answer',
      call: { tenant: 'demo', from: '+254712345678', callId: 'lk-SCL_abc123' },
      route: DEMO,
    });
    expect(router.asked).toEqual(['+254709000100']);
  });

  it('refuses a number no tenant has, in English and Swahili', async () => {
    const d = await decideSipCall(
      sip({ 'sip.phoneNumber': '+254712345678', 'sip.trunkPhoneNumber': '+254700999999' }),
      'room-1',
      new Router(),
    );
    expect(d).toMatchObject({
      kind: 'refuse',
      reason: 'unknown_number',
      languages: ['en', 'sw'],
      called: '+254700999999',
      caller: '+254712345678',
      callId: 'lk-room-1',
    });
  });

  it.each([undefined, '', 'anonymous', 'Restricted', '12'])(
    'refuses a withheld caller id (%s) in the tenant language',
    async (caller) => {
      const d = await decideSipCall(
        sip({ 'sip.phoneNumber': caller, 'sip.trunkPhoneNumber': '+254709000100' }),
        'room-2',
        new Router(),
      );
      expect(d).toMatchObject({ kind: 'refuse', reason: 'no_caller_id', languages: ['sw'] });
    },
  );

  it('makes call ids event ids accept, from the SIP Call-ID or the room', () => {
    expect(callIdOf({ 'sip.callID': 'a b/c@d' }, 'r')).toBe('lk-a_b_c_d');
    expect(callIdOf({}, 'room 7')).toBe('lk-room_7');
    expect(callIdOf({ 'sip.callID': 'x'.repeat(200) }, 'r')).toHaveLength(79);
  });
});

/** A transport whose caller speaks scripted STT events (a microphone of silence), then hangs up. */
function transport(attributes: Record<string, string>) {
  let hungUp = 0;
  let leave!: () => void;
  const gone = new Promise<void>((r) => (leave = r));
  const mic = new Mic();
  const speaker = new Speaker();
  const t: CallTransport = {
    attributes,
    roomName: 'room-x',
    io: { input: mic, output: speaker },
    gone,
    hangUp: () => (hungUp++, Promise.resolve()),
  };
  return {
    t,
    speaker,
    leave: () => (mic.stop(), leave()),
    get hungUp() {
      return hungUp;
    },
  };
}

function logs() {
  const lines: { level: string; fields: object; msg: string }[] = [];
  return {
    lines,
    info: (fields: object, msg: string) => lines.push({ level: 'info', fields, msg }),
    warn: (fields: object, msg: string) => lines.push({ level: 'warn', fields, msg }),
  };
}

describe('answering a SIP call', () => {
  it('refuses an unknown line politely, logs it, hangs up, and writes nothing to any thread', async () => {
    const x = transport(
      sip({ 'sip.phoneNumber': '+254712345678', 'sip.trunkPhoneNumber': '+1555' }),
    );
    const bridge = new FakeBridge();
    const tts = new FakeTts(systemClock, 10);
    const log = logs();
    await answerCall(x.t, {
      router: new Router(),
      bridge,
      voices: () => ({ stt: () => scriptedStt().stt, tts, voices: {} }),
      read: parserReader(),
      log,
    });
    // English, then Swahili, every sentence of both (the session asks sentence by sentence).
    const said = (lang: string) =>
      tts.requests.flatMap((r) => (r.options.language === lang ? [r.text] : [])).join(' ');
    expect([...new Set(tts.requests.map((r) => r.options.language))]).toEqual(['en', 'sw']);
    expect(said('en')).toBe(
      'Sorry, this number is not taking calls. Please check the number and try again. Goodbye.',
    );
    expect(said('sw')).toBe(
      'Samahani, namba hii haipokei simu. Tafadhali hakikisha namba na ujaribu tena. Kwaheri.',
    );
    // Both sentences were played to the end, then the session let go of our audio.
    expect(x.speaker.frames.length).toBeGreaterThan(0);
    const words = tts.requests.reduce((n, r) => n + r.text.split(/\s+/).length, 0);
    expect(x.speaker.playedMs).toBeGreaterThanOrEqual(words * 10 - 5);
    expect(x.speaker.detached).toBe(true);
    expect(x.hungUp).toBe(1);
    expect(bridge.said).toEqual([]);
    expect(bridge.ended).toEqual([]);
    expect(log.lines).toContainEqual({
      level: 'warn',
      msg: 'voice call refused',
      fields: {
        reason: 'unknown_number',
        callId: 'lk-room-x',
        pii: { caller: '+254712345678', called: '+1555' },
      },
    });
  });

  it('refuses a withheld number in the tenant language and hangs up', async () => {
    const x = transport(sip({ 'sip.trunkPhoneNumber': '+254709000100' }));
    const tts = new FakeTts(systemClock, 10);
    const bridge = new FakeBridge();
    await answerCall(x.t, {
      router: new Router(),
      bridge,
      voices: () => ({ stt: () => scriptedStt().stt, tts, voices: {} }),
      read: parserReader(),
      log: logs(),
    });
    expect(new Set(tts.requests.map((r) => r.options.language))).toEqual(new Set(['sw']));
    expect(tts.requests.map((r) => r.text).join(' ')).toMatch(/piga tena bila kuficha namba/);
    expect(x.hungUp).toBe(1);
    expect(bridge.said).toEqual([]);
  });

  it('runs a known caller through the call session and ends it when they hang up', async () => {
    const x = transport(
      sip({ 'sip.phoneNumber': '+254712345678', 'sip.trunkPhoneNumber': '+254709000100' }),
    );
    const s = scriptedStt();
    const tts = new FakeTts(systemClock, 10);
    const bridge = new FakeBridge(
      () => ({ status: 'ok', replies: [text('Sawa, saa tisa.')] }),
      [text('Habari! Nikusaidie vipi?')],
    );
    const log = logs();
    const done = answerCall(x.t, {
      router: new Router(),
      bridge,
      voices: () => ({ stt: () => s.stt, tts, voices: DEMO.voices }),
      read: parserReader(),
      log,
    });
    // (The session's sentence tokenizer asks for short sentences together.)
    const asked = (t: string) => tts.requests.find((r) => r.text.includes(t));
    await expect.poll(() => asked('Nikusaidie vipi?')).toBeDefined();
    s.events.push({ type: 'final', text: 'nataka kunyoa nywele kesho saa tisa' });
    await expect.poll(() => asked('Sawa, saa tisa.')).toBeDefined();
    x.leave();
    await done;
    expect(bridge.said.map((t) => t.text)).toEqual(['nataka kunyoa nywele kesho saa tisa']);
    // The tenant's voice for the language spoken.
    expect(asked('Sawa, saa tisa.')).toMatchObject({
      options: { language: 'sw', voice: 'voiceSw123' },
    });
    expect(bridge.ended).toEqual(['hangup']);
    expect(x.hungUp).toBe(1);
    expect(x.speaker.detached).toBe(true);
    // Answered and ended, and nothing went wrong on the way (nor after the hang-up).
    expect(log.lines.map((l) => l.msg)).toEqual(['voice call answered', 'voice call ended']);
  }, 20_000);

  it('a caller who hangs up during the refusal is let go at once', async () => {
    const x = transport(
      sip({ 'sip.phoneNumber': '+254712345678', 'sip.trunkPhoneNumber': '+1555' }),
    );
    const tts = new FakeTts(systemClock, 300);
    const log = logs();
    const done = answerCall(x.t, {
      router: new Router(),
      bridge: new FakeBridge(),
      voices: () => ({ stt: () => scriptedStt().stt, tts, voices: {} }),
      read: parserReader(),
      log,
    });
    await expect.poll(() => x.speaker.playing, { timeout: 5_000 }).toBe(true);
    x.leave();
    await done;
    // The English refusal was cut short; the Swahili one was never asked for.
    expect(tts.requests.every((r) => r.options.language === 'en')).toBe(true);
    expect(x.hungUp).toBe(1);
    expect(log.lines.map((l) => l.msg)).toEqual(['voice call refused']);
  }, 20_000);
});
