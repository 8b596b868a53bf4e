export * from './contract';
export { probeMachine, probeThread } from './probe/probe-machine';
