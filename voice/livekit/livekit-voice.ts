/**
 * The parts of the LiveKit worker that load `@livekit/agents`, its plugins and the native
 * `@livekit/rtc-node`: imported on demand (`loadLiveKitVoice`), so the nodes, which import
 * `voice/` for other things, never load them.
 */
export { callVoices, type CallVoiceKeys } from './call-voices';
export { roomCallTransport } from './room-transport';
export { AgentCall, type AgentCallDeps } from './agent-call';
export type { AgentCallIo, CallVoices } from './session-io';
export { answerCall } from './sip-agent';
export { refuseCall } from './refuse-call';
