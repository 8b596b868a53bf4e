import { RatibaError } from '../contract';

/** What a boot step was doing when it failed: names the variable to check in the one line. */
export type BootStep =
  | { kind: 'database'; url: string | undefined }
  | { kind: 'nats'; url: string }
  | { kind: 'http'; port: number; host: string | undefined }
  | { kind: 'tenant_file'; path: string }
  | { kind: 'embedded_database'; dataDir: string };

interface SystemError {
  code?: unknown;
  message?: unknown;
}

const codeOf = (err: unknown) => {
  const code = (err as SystemError | null)?.code;
  return typeof code === 'string' || typeof code === 'number' ? String(code) : '';
};
const messageOf = (err: unknown) => {
  if (err instanceof Error) return err.message;
  const message = (err as SystemError | null)?.message;
  return typeof message === 'string' ? message : 'unknown error';
};

/** Host and port of a connection string, never its user or password. */
function where(url: string | undefined, defaultPort: number): string {
  if (!url) return 'the embedded database';
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || defaultPort}`;
  } catch {
    return 'the configured address';
  }
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
]);

/** One line saying what failed and what to do, for the boot failure `err` of `step`. */
export function describeBootFailure(step: BootStep, err: unknown): string {
  const code = codeOf(err);
  const message = messageOf(err);
  switch (step.kind) {
    case 'database': {
      const at = where(step.url, 5432);
      if (code === '3D000') {
        const name = /database "([^"]+)"/.exec(message)?.[1] ?? 'the database';
        return `${message} at ${at}: create it (createdb ${name}) or fix DATABASE_URL`;
      }
      if (code === '28000' || code === '28P01')
        return `${message} at ${at}: create the role or fix the user and password in DATABASE_URL`;
      if (UNREACHABLE.has(code) || /timeout|terminated/i.test(message))
        return `cannot reach PostgreSQL at ${at} (${code || message}): is it running? check DATABASE_URL`;
      return `PostgreSQL at ${at} failed at boot: ${message} (check DATABASE_URL)`;
    }
    case 'nats':
      return `cannot reach NATS at ${where(step.url, 4222)} (${code || message}): is it running? check NATS_URL, or leave it unset for a single process`;
    case 'http':
      if (code === 'EADDRINUSE')
        return `port ${step.port} is already in use${step.host ? ` on ${step.host}` : ''}: stop the other process or set PORT`;
      if (code === 'EACCES')
        return `not allowed to listen on port ${step.port}: choose another with PORT`;
      return `cannot listen on port ${step.port}: ${message} (check PORT and HOST)`;
    case 'tenant_file':
      if (code === 'ENOENT')
        return `tenant file ${step.path} not found: check RATIBA_DEMO_TENANT (empty for none)`;
      if (err instanceof RatibaError && err.public) return err.message;
      return `tenant file ${step.path} could not be read: ${message}`;
    case 'embedded_database':
      return `cannot start the embedded database in ${step.dataDir}: ${message} (check RATIBA_DATA_DIR, or set DATABASE_URL)`;
  }
}

/** Runs one boot step; its failure becomes a public `boot_failed` error with that one line. */
export async function bootStep<T>(step: BootStep, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw new RatibaError('boot_failed', describeBootFailure(step, err), {
      public: true,
      cause: err,
    });
  }
}
