export * from './booking-handlers';
export * from './understanding-enricher';
export * from './llm-understander';
export * from './admin-handlers';
export * from './admin-enricher';
export * from './owner-side';
