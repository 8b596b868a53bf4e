import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentWords, callPanelClient } from '../../test-support/call-panel-kit';
import {
  graphSendsAfter,
  graphSendsTo,
  graphSendText,
  sendWhatsAppNow,
  startChannelEnv,
  type ChannelEnv,
} from '../../test-support/channel-test-kit';

/**
 * Call -> chat: "send it to me on WhatsApp" during a call (the console's call panel, the whole
 * pipeline) reaches the fake Graph API — as the tenant's template when the 24-hour window is
 * closed, as a plain message when it is open — and the customer goes on in the chat where the
 * call stopped.
 */
let env: ChannelEnv;
let panel: ReturnType<typeof callPanelClient>;

beforeAll(async () => {
  env = await startChannelEnv();
  panel = callPanelClient(env.rt.http.url);
});
afterAll(async () => {
  await env?.stop();
});

describe('"send it to me on WhatsApp" during a call', () => {
  it('window closed: the summary goes as the template; the chat goes on where the call stopped', async () => {
    const waId = '254712900001';
    const { body: dial } = await panel.dial(`+${waId}`);
    const asked = await panel.say(dial.callId, 'I want a haircut');
    expect(agentWords(asked.body)).toMatch(/Say one for Wanjiku, two for Baraka/);
    // Meta refuses free-form text to a number that never wrote (error 131047).
    env.graph.failNextSends(1, 'outside_window');
    const sent = await panel.say(dial.callId, 'send it to me on WhatsApp');
    // Spoken: the dash is a pause.
    expect(agentWords(sent.body)).toBe("Done, I've sent it to your WhatsApp.");
    // Refused as text, then sent as the tenant's approved template.
    await graphSendsAfter(env, waId, 1);
    const [refused, copy] = graphSendsTo(env, waId);
    expect(refused!.type).toBe('text');
    expect(copy!.type).toBe('template');
    expect(graphSendText(copy!)).toBe(
      // A template parameter is one line: the lines are joined with " · ".
      "From your call with us: · You're booking Haircut. · Reply here to go on from where we stopped.",
    );
    await panel.hangUp(dial.callId);
    // Nothing else of the call went to WhatsApp (no booking: no confirmation after it).
    await new Promise((r) => setTimeout(r, 300));
    expect(graphSendsTo(env, waId)).toHaveLength(2);

    // In the chat, "Wanjiku" answers the question the call stopped at.
    await sendWhatsAppNow(env, 'wamid.c2c-1', waId, 'Wanjiku');
    const [next] = await graphSendsAfter(env, waId, 2);
    expect(graphSendText(next!)).toMatch(
      /When would you like to come in for your Haircut with Wanjiku\?/,
    );
    expect(next!.type).not.toBe('template');
  }, 60_000);

  it('window open, in Swahili: the summary goes as a plain message', async () => {
    const waId = '254712900002';
    await sendWhatsAppNow(env, 'wamid.c2c-2', waId, 'Habari');
    await graphSendsAfter(env, waId, 0);
    const before = graphSendsTo(env, waId).length;
    const { body: dial } = await panel.dial(`+${waId}`, 'sw');
    const asked = await panel.say(dial.callId, 'Nataka kunyoa nywele');
    expect(agentWords(asked.body)).toMatch(/Sema moja kwa Wanjiku/);
    const sent = await panel.say(dial.callId, 'nitumie kwa WhatsApp');
    expect(agentWords(sent.body)).toBe('Sawa, nimekutumia kwenye WhatsApp.');
    const [copy] = await graphSendsAfter(env, waId, before);
    expect(copy!.type).toBe('text');
    expect(graphSendText(copy!)).toBe(
      'Kutoka kwenye simu yako nasi:\nUnaweka miadi ya Kunyoa nywele.\nJibu hapa tuendelee tulipoishia.',
    );
    // The call goes on after it: "moja" picks Wanjiku.
    const picked = await panel.say(dial.callId, 'moja');
    expect(agentWords(picked.body)).toMatch(/Wanjiku/);
    await panel.hangUp(dial.callId);
  }, 60_000);
});
