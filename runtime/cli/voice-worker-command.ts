import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AgentServer, initializeLogger, ServerOptions } from '@livekit/agents';
import { loadConfig } from '../config';

/**
 * The module LiveKit runs in each job process: dist/voice-agent.js next to the bundle, or the
 * tsx shim when running from the sources.
 */
export function voiceAgentModule(): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return resolve(dirname(here), '../../bin/voice-agent.js');
  return resolve(dirname(here), 'voice-agent.js');
}

/**
 * `ratiba voice-worker`: registers with the LiveKit server and answers the SIP calls it
 * dispatches (README "Voice"). Runs until SIGTERM/SIGINT, then drains the calls in progress.
 */
export async function voiceWorkerCommand(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const config = loadConfig(env);
  const lk = config.voice.livekit;
  if (!lk) {
    console.error('ratiba voice-worker: set LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET');
    return 2;
  }
  if (!config.natsUrl) {
    console.error(
      "ratiba voice-worker: set NATS_URL (the nodes answer the calls' turns over NATS)",
    );
    return 2;
  }
  const agent = voiceAgentModule();
  if (!existsSync(agent)) {
    console.error(`ratiba voice-worker: ${agent} is missing (run npm run build)`);
    return 1;
  }
  initializeLogger({ pretty: false, level: config.logLevel });
  const server = new AgentServer(
    new ServerOptions({
      agent,
      wsURL: lk.url,
      apiKey: lk.apiKey,
      apiSecret: lk.apiSecret,
      ...(lk.agentName ? { agentName: lk.agentName } : {}),
      production: true,
      logLevel: config.logLevel,
    }),
  );
  const stop = async () => {
    await server.drain().catch(() => undefined);
    await server.close();
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
  await server.run();
  return 0;
}
