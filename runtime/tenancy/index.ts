export * from './change-bus';
export * from './tenant-apply';
export * from './tenant-file';
export * from './tenant-registry';
