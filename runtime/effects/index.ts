export * from './builtin-handlers';
export * from './effect-handler';
export * from './outbox-dispatcher';
export * from '../stores/outbox';
