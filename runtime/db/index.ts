export * from './database';
export * from './embedded';
export * from './migrate';
export * from './queryable';
export * from './schema-name';
