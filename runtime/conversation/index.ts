export * from './booking-handlers';
export * from './understanding-enricher';
