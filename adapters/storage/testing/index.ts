export { startFakeS3, type FakeS3, type FakeS3Options } from './fake-s3-server';
export { verifySigV4, type SigV4Result } from './s3-sigv4';
