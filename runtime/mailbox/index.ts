export * from './customers';
export * from './inbox';
export * from './ingress';
export * from './phone';
export * from './reply-waiters';
