import { VOICE_ENV, voiceConfig, type VoiceConfig } from './voice-worker/voice-config';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import { RatibaError } from '../contract';
import {
  withoutEmpty,
  keycloakConfig,
  storageConfig,
  type DeepgramConfig,
  type KeycloakConfig,
  llmConfig,
  paymentsConfig,
  type PaymentsConfig,
  type LlmConfig,
  type StorageConfig,
} from './config-sections';

export type { KeycloakConfig, StorageConfig } from './config-sections';

/**
 * The only place that reads the environment. Everything is optional; unset values select the
 * embedded default (DESIGN.md section 10).
 */
const flag = z
  .enum(['0', '1', 'true', 'false', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true');

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const envSchema = z.object({
  ...VOICE_ENV,
  PORT: int(0, 65535).default(3000),
  HOST: z.string().min(1).optional(),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  NATS_URL: z.string().min(1).optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  /** A Redis call slower than this falls through to Postgres (counted as an error). */
  RATIBA_REDIS_TIMEOUT_MS: int(10, 10_000).default(100),
  RATIBA_NODE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dot, dash, underscore; at most 64')
    .optional(),
  RATIBA_DATA_DIR: z.string().min(1).default('./data'),
  RATIBA_SHARDS: int(1, 4096).default(256),
  RATIBA_SIMULATOR: flag,
  RATIBA_IDLE_PASSIVATE_MS: int(100, 86_400_000).default(300_000),
  /** Turns in progress at once in a process (admission control; see Supervisor). */
  RATIBA_MAX_CONCURRENT_TURNS: int(1, 10_000).default(64),
  /** Group commits in flight at once on Postgres (the embedded database always has 1). */
  RATIBA_COMMIT_CONCURRENCY: int(1, 64).default(2),
  /**
   * Connections of the process's main pool (turns, effects, timers); the webhook pool gets half
   * of it, at most 4. With the change listener, at most 1.5x this + 1 connections in all.
   */
  RATIBA_DB_POOL_MAX: int(1, 1000).default(10),
  /** Statements a connection pool prepares; 0 for a pooler that cannot keep them (see README). */
  RATIBA_PREPARED_STATEMENTS: int(0, 100_000).default(500),
  /** Shard lease length; unset: 15 s for one process, 4 s in a cluster (NATS_URL set). */
  RATIBA_LEASE_TTL_MS: int(1000, 600_000).optional(),
  /** A cluster member not heard from for this long has left (NATS membership). */
  RATIBA_MEMBER_TTL_MS: int(500, 600_000).default(3000),
  RATIBA_TIMER_POLL_MS: int(10, 60_000).default(1000),
  RATIBA_OUTBOX_POLL_MS: int(10, 60_000).default(1000),
  RATIBA_OUTBOX_MAX_ATTEMPTS: int(1, 100).default(8),
  /** Finished effects and events are deleted this many days later; 0 keeps them forever. */
  RATIBA_RETENTION_DAYS: int(0, 3650).default(14),
  /** How long a dispatcher's claim on an effect lasts before another process may run it. */
  RATIBA_OUTBOX_LEASE_MS: int(1000, 3_600_000).default(60_000),
  RATIBA_REPLY_TIMEOUT_MS: int(100, 120_000).default(10_000),
  /** Deadline of one Graph API call (sends): longer than Meta's own, so a slow accept is seen. */
  RATIBA_SEND_TIMEOUT_MS: int(1000, 300_000).default(30_000),
  /**
   * A send whose outcome is unknown (timeout, 5xx) is retried only after this long without a
   * status webhook showing it went out.
   */
  RATIBA_UNKNOWN_SEND_WAIT_MS: int(0, 600_000).default(30_000),
  /** A tenant file applied at boot; empty means none (even with the embedded database). */
  RATIBA_DEMO_TENANT: z.string().optional(),
  RATIBA_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info'),
  RATIBA_LOG_PII: flag,
  /** Test-only: kill the process with SIGKILL when this fault point is reached. */
  RATIBA_FAULT_POINT: z.string().optional(),
  META_APP_SECRET: z.string().min(1).optional(),
  META_VERIFY_TOKEN: z.string().min(1).optional(),
  META_GRAPH_URL: z.url().optional(),
  /** Africa's Talking (SMS fallback of reminders): no key, no SMS. */
  AT_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  AT_USERNAME: z.string().min(1).optional(),
  AT_API_KEY: z.string().min(1).optional(),
  /** Daraja (M-Pesa) base URL for every tenant; unset: each tenant's sandbox or production. */
  DARAJA_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** PesaPal base URL for every tenant; unset: each tenant's sandbox or production. */
  PESAPAL_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Where payment providers reach this backend (callback URLs); unset: the listening URL. */
  RATIBA_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Deepgram (voice-note transcription): no key, offline pocketsphinx. */
  DEEPGRAM_API_KEY: z.string().min(1).optional(),
  DEEPGRAM_URL: z.url({ protocol: /^https?$/ }).optional(),
  DEEPGRAM_MODEL: z
    .string()
    .regex(/^[a-z0-9.-]{1,40}$/, 'a Deepgram model name, e.g. nova-3 or nova-2')
    .default('nova-3'),
  /** Deadline of one transcription request; the outbox retries a timeout with backoff. */
  DEEPGRAM_TIMEOUT_MS: int(1000, 600_000).default(30_000),
  /** Console login: with KEYCLOAK_URL set, every console API call needs a realm token. */
  KEYCLOAK_URL: z.url({ protocol: /^https?$/ }).optional(),
  KEYCLOAK_REALM: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/)
    .default('ratiba'),
  KEYCLOAK_CLIENT_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/)
    .default('ratiba-console'),
  /** Where this process reaches Keycloak for the realm's keys (a container network name);
   * KEYCLOAK_URL when unset. Tokens' issuer stays KEYCLOAK_URL, the URL browsers use. */
  KEYCLOAK_INTERNAL_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Expected `aud` of access tokens; the client id when unset. */
  KEYCLOAK_AUDIENCE: z.string().min(1).optional(),
  /** Realm role that sees every tenant; others see the tenants in their `tenants` claim. */
  KEYCLOAK_PLATFORM_ROLE: z.string().min(1).default('ratiba-platform'),
  /** With DATABASE_URL and no KEYCLOAK_URL the console is refused unless this is set. */
  RATIBA_CONSOLE_WITHOUT_LOGIN: flag,
  /** A shared secret the voice bridge may present instead of a Keycloak token (simulator API). */
  RATIBA_SERVICE_TOKEN: z.string().min(32, 'at least 32 characters').optional(),
  /** A bearer token GET /metrics requires; unset: /metrics is open. */
  RATIBA_METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  /** Object storage (catalog photos, import drafts): S3 or MinIO; unset, files under the data dir. */
  S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name')
    .optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Path-style URLs (MinIO, most S3-compatible servers); `0` for AWS virtual-hosted style. */
  S3_FORCE_PATH_STYLE: z
    .enum(['0', '1', 'true', 'false', ''])
    .optional()
    .transform((v) => v !== '0' && v !== 'false'),
  /** Language models: with a key the LLM router understands messages; else the embedded parser. */
  ANTHROPIC_API_KEY: z.string().min(1).optional(),
  ANTHROPIC_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  ANTHROPIC_MODEL: z.string().min(1).optional(),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  OPENAI_MODEL: z.string().min(1).optional(),
  /** Deadline of one model request (a routed request retries and fails over within ~2.5x). */
  RATIBA_LLM_TIMEOUT_MS: int(100, 120_000).default(5000),
});

export type Env = z.infer<typeof envSchema>;

/** Every variable the configuration reads (the compose files' checks hold them to this). */
export const ENV_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

export interface RatibaConfig {
  port: number;
  host: string | undefined;
  /** Unset: the embedded database under `dataDir`. */
  databaseUrl: string | undefined;
  natsUrl: string | undefined;
  redisUrl: string | undefined;
  /** RATIBA_REDIS_TIMEOUT_MS: a slower Redis call falls through to Postgres. */
  redisTimeoutMs: number;
  nodeId: string;
  dataDir: string;
  shardCount: number;
  simulatorEnabled: boolean;
  idlePassivateMs: number;
  maxConcurrentTurns: number;
  /** Group commits in flight at once (Postgres; `RATIBA_COMMIT_CONCURRENCY`). */
  commitConcurrency: number;
  /** Connections of the main pool; the webhook pool has `ingressPoolMax`. */
  dbPoolMax: number;
  ingressPoolMax: number;
  /** Distinct parameterized statements each pool prepares (named); 0: none. */
  preparedStatements: number;
  leaseTtlMs: number;
  memberTtlMs: number;
  timerPollMs: number;
  outboxPollMs: number;
  outboxMaxAttempts: number;
  outboxLeaseMs: number;
  /** Done effects and processed events are deleted this long after; 0: never. */
  retentionMs: number;
  replyTimeoutMs: number;
  sendTimeoutMs: number;
  unknownSendWaitMs: number;
  /** Tenant file applied at boot (the embedded demo); unset with DATABASE_URL. */
  demoTenantFile: string | undefined;
  logLevel: Env['RATIBA_LOG_LEVEL'];
  logPii: boolean;
  faultPoint: string | undefined;
  meta: { appSecret?: string; verifyToken?: string; graphUrl?: string };
  /** Africa's Talking; `apiKey` unset: reminders are never sent by SMS. */
  sms: { baseUrl?: string; username?: string; apiKey?: string };
  payments: PaymentsConfig;
  /** Deepgram prerecorded transcription of voice notes; unset: offline pocketsphinx. */
  deepgram: DeepgramConfig | undefined;
  /** Console login; unset: the console answers loopback clients only, in development mode. */
  keycloak: KeycloakConfig | undefined;
  /** RATIBA_CONSOLE_WITHOUT_LOGIN: a real database's console without login (this machine only). */
  consoleWithoutLogin: boolean;
  /** Bearer token of GET /metrics; unset: open. */
  metricsToken: string | undefined;
  /** RATIBA_SERVICE_TOKEN: the voice bridge's shared secret for the simulator API. */
  serviceToken: string | undefined;
  /** Language models; with neither key the embedded parser alone understands messages. */
  llm: LlmConfig;
  /** Where assets (catalog photos, import drafts) are kept. */
  storage: StorageConfig;
  /** Calls: the LiveKit worker and ElevenLabs (README "Voice"). */
  voice: VoiceConfig;
}

export type { DeepgramConfig, LlmConfig, LlmProviderConfig } from './config-sections';

export const DEMO_TENANT_FILE = resolve(import.meta.dirname, '../tenants/demo.yaml');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): RatibaConfig {
  const parsed = envSchema.safeParse(withoutEmpty(env));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new RatibaError('invalid_config', `invalid configuration: ${lines.join('; ')}`, {
      public: true,
    });
  }
  const e = parsed.data;
  const embedded = e.DATABASE_URL === undefined;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    natsUrl: e.NATS_URL,
    redisUrl: e.REDIS_URL,
    redisTimeoutMs: e.RATIBA_REDIS_TIMEOUT_MS,
    nodeId: e.RATIBA_NODE_ID ?? `${hostname()}-${process.pid}`,
    dataDir: resolve(e.RATIBA_DATA_DIR),
    shardCount: e.RATIBA_SHARDS,
    simulatorEnabled: embedded || e.RATIBA_SIMULATOR,
    idlePassivateMs: e.RATIBA_IDLE_PASSIVATE_MS,
    maxConcurrentTurns: e.RATIBA_MAX_CONCURRENT_TURNS,
    commitConcurrency: e.RATIBA_COMMIT_CONCURRENCY,
    dbPoolMax: e.RATIBA_DB_POOL_MAX,
    ingressPoolMax: Math.min(4, Math.ceil(e.RATIBA_DB_POOL_MAX / 2)),
    preparedStatements: e.RATIBA_PREPARED_STATEMENTS,
    leaseTtlMs: e.RATIBA_LEASE_TTL_MS ?? (e.NATS_URL ? 4000 : 15_000),
    memberTtlMs: e.RATIBA_MEMBER_TTL_MS,
    timerPollMs: e.RATIBA_TIMER_POLL_MS,
    outboxPollMs: e.RATIBA_OUTBOX_POLL_MS,
    outboxMaxAttempts: e.RATIBA_OUTBOX_MAX_ATTEMPTS,
    outboxLeaseMs: e.RATIBA_OUTBOX_LEASE_MS,
    retentionMs: e.RATIBA_RETENTION_DAYS * 24 * 3600_000,
    replyTimeoutMs: e.RATIBA_REPLY_TIMEOUT_MS,
    sendTimeoutMs: e.RATIBA_SEND_TIMEOUT_MS,
    unknownSendWaitMs: e.RATIBA_UNKNOWN_SEND_WAIT_MS,
    demoTenantFile:
      e.RATIBA_DEMO_TENANT === undefined
        ? embedded
          ? DEMO_TENANT_FILE
          : undefined
        : e.RATIBA_DEMO_TENANT || undefined,
    logLevel: e.RATIBA_LOG_LEVEL,
    logPii: e.RATIBA_LOG_PII,
    faultPoint: e.RATIBA_FAULT_POINT,
    meta: {
      ...(e.META_APP_SECRET ? { appSecret: e.META_APP_SECRET } : {}),
      ...(e.META_VERIFY_TOKEN ? { verifyToken: e.META_VERIFY_TOKEN } : {}),
      ...(e.META_GRAPH_URL ? { graphUrl: e.META_GRAPH_URL } : {}),
    },
    sms: {
      ...(e.AT_BASE_URL ? { baseUrl: e.AT_BASE_URL } : {}),
      ...(e.AT_USERNAME ? { username: e.AT_USERNAME } : {}),
      ...(e.AT_API_KEY ? { apiKey: e.AT_API_KEY } : {}),
    },
    payments: paymentsConfig(e),
    deepgram: e.DEEPGRAM_API_KEY
      ? {
          apiKey: e.DEEPGRAM_API_KEY,
          ...(e.DEEPGRAM_URL ? { baseUrl: e.DEEPGRAM_URL } : {}),
          model: e.DEEPGRAM_MODEL,
          timeoutMs: e.DEEPGRAM_TIMEOUT_MS,
        }
      : undefined,
    consoleWithoutLogin: e.RATIBA_CONSOLE_WITHOUT_LOGIN,
    metricsToken: e.RATIBA_METRICS_TOKEN,
    serviceToken: e.RATIBA_SERVICE_TOKEN,
    keycloak: keycloakConfig(e),
    llm: llmConfig(e),
    storage: storageConfig(e),
    voice: voiceConfig(e),
  };
}
