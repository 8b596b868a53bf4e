/** Conversation scenarios: the YAML format (scenarios/README.md), its loader and its runner. */
export * from './manual-clock';
export * from './reply-match';
export * from './scenario-db';
export * from './scenario-loader';
export * from './scenario-runner';
export * from './scenario-schema';
export * from './scenario-tenant';
