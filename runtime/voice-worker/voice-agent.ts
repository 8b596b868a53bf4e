/**
 * The LiveKit Agents job of one phone call (README "Voice"). LiveKit runs it in a job process
 * of the voice worker (`ratiba voice-worker`): it joins the call's room, answers the SIP
 * participant and talks to the caller's thread through the nodes' voice gateway over NATS.
 */
import {
  AutoSubscribe,
  defineAgent,
  type JobContext,
  type JobProcess,
  type VAD,
} from '@livekit/agents';
import * as silero from '@livekit/agents-plugin-silero';
import { connect } from '@nats-io/transport-node';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { loadLiveKitVoice, NatsVoiceClient } from '../../voice';
import { utteranceReader } from '../calls/utterance-reader';
import { NO_ROUTE, voicesFor } from './voice-providers';

export default defineAgent({
  prewarm: async (proc: JobProcess) => {
    // Silero is only needed next to Deepgram (pocketsphinx has its own VAD).
    if (loadConfig().deepgram) proc.userData.vad = await silero.VAD.load();
  },
  entry: async (ctx: JobContext) => {
    const config = loadConfig();
    const log = createLogger({ level: config.logLevel, logPii: config.logPii });
    if (!config.natsUrl) throw new Error('the voice worker needs NATS_URL');
    const nc = await connect({ servers: config.natsUrl, name: `voice-job-${process.pid}` });
    ctx.addShutdownCallback(() => nc.drain().catch(() => undefined));
    await ctx.connect(undefined, AutoSubscribe.AUDIO_ONLY);
    const caller = await ctx.waitForParticipant();
    const client = new NatsVoiceClient(nc, { turnTimeoutMs: config.replyTimeoutMs + 2_000 });
    let read = utteranceReader(NO_ROUTE.timezone);
    const { answerCall, roomCallTransport } = await loadLiveKitVoice();
    // The call runs on AgentCall: its session's RoomIO does the room's audio (README "Voice").
    const transport = roomCallTransport(ctx.room, caller, () => ctx.deleteRoom());
    await answerCall(transport, {
      router: {
        route: async (called) => {
          const r = await client.route(called);
          if (r) read = utteranceReader(r.timezone);
          return r;
        },
      },
      bridge: client,
      voices: await voicesFor(config, log, ctx.proc.userData.vad as VAD | undefined),
      read: (text, previous) => read(text, previous),
      log,
    });
    ctx.shutdown('call ended');
  },
});
