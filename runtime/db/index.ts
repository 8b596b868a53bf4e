export * from './database';
export * from './embedded';
export * from './migrate';
export * from '../../contract/queryable';
export * from '../../contract/schema-name';
