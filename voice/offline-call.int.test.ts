import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parserReader } from './testing/reader';
import {
  graphSendsAfter,
  graphSendText,
  startChannelEnv,
  type ChannelEnv,
} from '../test-support/channel-test-kit';
import { eventually } from '../test-support/test-runtime';
import { IngressTurnBridge } from './ingress-bridge';
import { callerSpeech, runOfflineCall } from './offline/offline-call';

let env: ChannelEnv;

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/**
 * A weekday 2..8 days ahead in Nairobi that is not Sunday (closed) nor Christmas, nor Tuesday or
 * Thursday: the offline recogniser hears espeak's "thursday" as "tuesday" (the offline voices
 * are a test rig, not the product's STT), and this test is about the pipeline, not that pair.
 */
function bookableDay(): { name: string; date: string } {
  for (let d = 2; d < 9; d++) {
    const t = new Date(Date.now() + 3 * 3_600_000 + d * 86_400_000);
    const date = t.toISOString().slice(0, 10);
    const day = t.getUTCDay();
    if (day !== 0 && day !== 2 && day !== 4 && !date.endsWith('-12-25'))
      return { name: DAYS[t.getUTCDay()]!, date };
  }
  throw new Error('no bookable day');
}

beforeAll(async () => {
  env = await startChannelEnv();
});
afterAll(async () => {
  await env?.stop();
});

describe('an offline phone call', () => {
  it('books end to end: caller audio -> booking row -> spoken confirmation -> WhatsApp confirmation', async () => {
    const day = bookableDay();
    const from = '+254712555001';
    const said = [
      `i would like to book a haircut on ${day.name} at three p m`,
      'number one',
      'number one',
      'yes book it',
    ];
    const turns = await Promise.all(said.map(async (t) => ({ audio: await callerSpeech(t) })));
    const result = await runOfflineCall(turns, {
      call: { tenant: 'demo', from, callId: 'call-e2e-1' },
      bridge: new IngressTurnBridge(env.rt.ingress),
      read: parserReader(),
      vocabulary: {
        services: ['Haircut', 'Box braids', 'Manicure', 'Pedicure', 'Full body massage'],
        staff: ['Wanjiku', 'Achieng', 'Baraka'],
      },
    });
    const lines = result.transcript.map((e) => `${e.who}: ${e.text}`);
    // The recogniser heard the request (held to the call grammar).
    expect(lines).toContain(`caller: i would like to book a haircut on ${day.name} at three pm`);
    // The booking row, made by the call's turns, on the voice channel.
    const { rows } = await env.t.db.query<{
      service_id: string;
      local: string;
      source_channel: string;
    }>(
      `SELECT a.service_id, a.source_channel,
              to_char(a.start_at AT TIME ZONE 'Africa/Nairobi', 'YYYY-MM-DD HH24:MI') AS local
         FROM t_demo.appointments a JOIN t_demo.customers c ON c.id = a.customer_id
        WHERE c.phone = $1 AND a.status <> 'cancelled'`,
      [from],
    );
    expect(rows).toEqual([
      { service_id: 'haircut', source_channel: 'voice', local: `${day.date} 15:00` },
    ]);
    // Spoken back: the confirmation, with the time said the English way.
    const agent = result.transcript
      .filter((e) => e.who === 'agent' && e.heard === 'yes')
      .map((e) => e.text)
      .join(' ');
    expect(agent).toMatch(
      /You're booked! Haircut with Wanjiku, \w+ the \w+ of \w+ at three p\.m\./,
    );
    expect(result.agentAudio?.samples.length).toBeGreaterThan(22_050);
    // After the call: the confirmation on WhatsApp, at the fake Graph API.
    const sent = await eventually(
      () =>
        Promise.resolve(
          env.graph
            .sends()
            .map((r) => r.json as { to?: string; text?: { body?: string } })
            .find((m) => m.to === '254712555001' && /booked/i.test(m.text?.body ?? '')),
        ),
      20_000,
    );
    expect(sent.text?.body).toMatch(/Haircut/);
    // The calls turns are in the thread's inbox as voice messages, the call's start and end too.
    const { rows: inbox } = await env.t.db.query<{ event_id: string }>(
      `SELECT event_id FROM t_demo.inbox WHERE event_id LIKE 'voice:call-e2e-1:%' ORDER BY id`,
    );
    expect(inbox.map((r) => r.event_id)).toEqual(
      expect.arrayContaining([
        'voice:call-e2e-1:start',
        'voice:call-e2e-1:1',
        'voice:call-e2e-1:end',
      ]),
    );
  }, 120_000);

  it('hears "send it to me on WhatsApp" (English and Swahili) and the summary reaches WhatsApp', async () => {
    const day = bookableDay();
    const calls = [
      {
        from: '+254712555002',
        turns: [
          { audio: await callerSpeech(`i would like to book a haircut on ${day.name}`) },
          { audio: await callerSpeech('send it to me on WhatsApp.') },
        ],
        heard: 'send it to me on whatsapp',
        answer: "Done, I've sent it to your WhatsApp.",
        summary: /^From your call with us:\nYou're booking Haircut on /,
      },
      {
        from: '+254712555003',
        turns: [
          { text: 'Nataka kunyoa nywele' },
          { audio: await callerSpeech('nitumie kwa WhatsApp', 'sw') },
        ],
        heard: 'nitumie kwa whatsapp',
        answer: 'Sawa, nimekutumia kwenye WhatsApp.',
        summary: /^Kutoka kwenye simu yako nasi:\nUnaweka miadi ya Kunyoa nywele/,
      },
    ];
    for (const [i, c] of calls.entries()) {
      const result = await runOfflineCall(c.turns, {
        call: { tenant: 'demo', from: c.from, callId: `call-copy-${i}` },
        bridge: new IngressTurnBridge(env.rt.ingress),
        read: parserReader(),
        vocabulary: { services: ['Haircut', 'Box braids'], staff: ['Wanjiku', 'Baraka'] },
      });
      const caller = result.transcript.filter((e) => e.who === 'caller').map((e) => e.text);
      expect(caller.at(-1)).toBe(c.heard);
      const agent = result.transcript.filter((e) => e.who === 'agent' && e.heard === 'yes');
      expect(agent.at(-1)?.text).toBe(c.answer);
      // The summary of the call so far, at the fake Graph API.
      const [copy] = await graphSendsAfter(env, c.from.slice(1), 0);
      expect(graphSendText(copy!)).toMatch(c.summary);
    }
  }, 120_000);
});
