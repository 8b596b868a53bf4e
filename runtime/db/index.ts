export * from './database';
export * from './embedded';
export * from './migrate';
export * from '../../contract';
export * from '../../contract';
