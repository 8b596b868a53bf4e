export * from './booking-handlers';
export * from './understanding-enricher';
export * from './llm-understander';
