export { adminThread, adminThreadMachine } from './admin-thread-machine';
export type { AdminContext, AdminThreadEvent, Escalation } from './types';
