/**
 * The parts of the LiveKit worker that load `@livekit/agents`, its plugins and the native
 * `@livekit/rtc-node`: imported on demand (`loadLiveKitVoice`), so the nodes, which import
 * `voice/` for other things, load them only when a call is made (the console's call panel).
 */
export { callVoices, type CallVoiceKeys } from './call-voices';
export { roomCallTransport } from './room-transport';
export { AgentCall, type AgentCallDeps } from './agent-call';
export type { AgentCallIo, CallVoices } from './session-io';
export { answerCall } from './sip-agent';
export { refuseCall } from './refuse-call';
export { LocalCall, type LocalCallOptions } from './local-call';
export { runOfflineCall } from '../offline/offline-call';
