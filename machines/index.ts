export * from './contract';
export { probeMachine, probeThread } from './probe/probe-machine';
export { customerThread, customerThreadMachine } from './customer-thread/customer-thread-machine';
