export * from './customers';
export * from './inbox';
export * from './inbox-writer';
export * from './ingress';
export * from './phone';
export * from './reply-waiters';
