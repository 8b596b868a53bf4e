/**
 * The only public surface of `contract/`: the vocabulary every layer shares (DESIGN.md section 2).
 * It imports nothing of the project.
 */
export * from './thread';
export * from './payments';
export * from './errors';
export * from './queryable';
export * from './schema-name';
export * from './personality';
export * from './console-api';
export * from './console-graph';
export * from './calendar-words';
export * from './admin';
export * from './llm';
export * from './safe-text';
export * from './zone-format';
export * from './day-format';
