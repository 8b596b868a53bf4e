export * from '../contract/thread';
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
