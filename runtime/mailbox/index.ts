export * from '../stores/customers';
export * from '../stores/inbox';
export * from '../stores/inbox-writer';
export * from './ingress';
export * from './phone';
export * from './reply-waiters';
