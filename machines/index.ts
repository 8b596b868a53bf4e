/** The only public surface of `machines/`: the thread machines the runtime hosts. */
export type { ThreadMachineDefinition } from './machine-definition';
export { probeMachine, probeThread } from './probe/probe-machine';
export {
  customerThread,
  customerThreadMachine,
  type CustomerThreadEvent,
  type HandoffEndEvent,
  type HandoffStartEvent,
  type OperatorMessageEvent,
  type PaymentTimeoutEvent,
  type ReminderDueEvent,
} from './customer-thread/customer-thread-machine';
export { adminThread, adminThreadMachine, type AdminThreadEvent } from './admin-thread';
