// The LiveKit job module of `ratiba voice-worker` when it runs from the sources (LiveKit
// imports it in each job process, which has no tsx of its own). The production bundle has
// dist/voice-agent.js instead (bin/build.js).
import { register } from 'tsx/esm/api';

register();
const agent = await import('../runtime/voice-worker/voice-agent.ts');
export default agent.default;
