export * from './test-database';
export * from './test-runtime';
export * from './spawn-node';
export * from './nats-server';
export * from './cluster-kit';
export * from './cluster-checks';
export * from './redis-server';
export * from './effect-sink';
