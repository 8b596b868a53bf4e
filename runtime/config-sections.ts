import { resolve } from 'node:path';
import { RatibaError } from '../contract';

/**
 * Sections of the configuration built from already-validated variables (runtime/config.ts reads
 * and validates the environment; nothing here reads it).
 */
export interface KeycloakConfig {
  url: string;
  realm: string;
  clientId: string;
  /** `${url}/realms/${realm}`: the `iss` of the realm's tokens. */
  issuer: string;
  /** The realm's JWKS, through KEYCLOAK_INTERNAL_URL when set. */
  jwksUrl: string;
  audience: string;
  platformRole: string;
}

/** The KEYCLOAK_* variables, validated (runtime/config.ts). */
export interface KeycloakVariables {
  KEYCLOAK_URL?: string | undefined;
  KEYCLOAK_INTERNAL_URL?: string | undefined;
  KEYCLOAK_REALM: string;
  KEYCLOAK_CLIENT_ID: string;
  KEYCLOAK_AUDIENCE?: string | undefined;
  KEYCLOAK_PLATFORM_ROLE: string;
}

export function keycloakConfig(v: KeycloakVariables): KeycloakConfig | undefined {
  if (!v.KEYCLOAK_URL) return undefined;
  const url = v.KEYCLOAK_URL.replace(/\/+$/, '');
  const keysFrom = (v.KEYCLOAK_INTERNAL_URL ?? url).replace(/\/+$/, '');
  const realm = v.KEYCLOAK_REALM;
  return {
    url,
    realm,
    clientId: v.KEYCLOAK_CLIENT_ID,
    issuer: `${url}/realms/${realm}`,
    jwksUrl: `${keysFrom}/realms/${realm}/protocol/openid-connect/certs`,
    audience: v.KEYCLOAK_AUDIENCE ?? v.KEYCLOAK_CLIENT_ID,
    platformRole: v.KEYCLOAK_PLATFORM_ROLE,
  };
}

/** Where assets (catalog photos, import drafts) are kept. */
export type StorageConfig =
  | {
      kind: 's3';
      endpoint: string | undefined;
      bucket: string;
      region: string;
      accessKeyId: string | undefined;
      secretAccessKey: string | undefined;
      forcePathStyle: boolean;
    }
  | { kind: 'files'; dir: string };

/** The S3_* variables and the data directory, validated (runtime/config.ts). */
export interface StorageVariables {
  RATIBA_DATA_DIR: string;
  S3_ENDPOINT?: string | undefined;
  S3_BUCKET?: string | undefined;
  S3_REGION: string;
  S3_ACCESS_KEY_ID?: string | undefined;
  S3_SECRET_ACCESS_KEY?: string | undefined;
  S3_FORCE_PATH_STYLE: boolean;
}

export function storageConfig(v: StorageVariables): StorageConfig {
  if (!v.S3_BUCKET) {
    if (v.S3_ENDPOINT) {
      throw new RatibaError(
        'invalid_config',
        'invalid configuration: S3_BUCKET: required with S3_ENDPOINT',
        { public: true },
      );
    }
    return { kind: 'files', dir: resolve(v.RATIBA_DATA_DIR, 'assets') };
  }
  return {
    kind: 's3',
    endpoint: v.S3_ENDPOINT,
    bucket: v.S3_BUCKET,
    region: v.S3_REGION,
    accessKeyId: v.S3_ACCESS_KEY_ID,
    secretAccessKey: v.S3_SECRET_ACCESS_KEY,
    forcePathStyle: v.S3_FORCE_PATH_STYLE,
  };
}

/**
 * Variables that are set but empty (`NATS_URL=` in a compose or `.env` file) mean unset, except
 * RATIBA_DEMO_TENANT, where empty says "no demo tenant" (even with the embedded database).
 */
export function withoutEmpty(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([k, v]) => v !== '' || k === 'RATIBA_DEMO_TENANT'),
  );
}

export interface DeepgramConfig {
  apiKey: string;
  /** Deepgram's public API when unset. */
  baseUrl?: string;
  model: string;
  timeoutMs: number;
}

export interface LlmConfig {
  /** Tried first when set. */
  anthropic: LlmProviderConfig | undefined;
  openai: LlmProviderConfig | undefined;
  timeoutMs: number;
}

export interface LlmProviderConfig {
  apiKey: string;
  /** The provider's public API when unset. */
  baseUrl?: string;
  /** The adapter's default model when unset. */
  model?: string;
}

/** The model providers of the LLM router (ANTHROPIC_*, OPENAI_*), validated (runtime/config.ts). */
export function llmConfig(e: {
  ANTHROPIC_API_KEY?: string | undefined;
  ANTHROPIC_BASE_URL?: string | undefined;
  ANTHROPIC_MODEL?: string | undefined;
  OPENAI_API_KEY?: string | undefined;
  OPENAI_BASE_URL?: string | undefined;
  OPENAI_MODEL?: string | undefined;
  RATIBA_LLM_TIMEOUT_MS: number;
}): LlmConfig {
  const provider = (apiKey?: string, baseUrl?: string, model?: string) =>
    apiKey ? { apiKey, ...(baseUrl ? { baseUrl } : {}), ...(model ? { model } : {}) } : undefined;
  return {
    anthropic: provider(e.ANTHROPIC_API_KEY, e.ANTHROPIC_BASE_URL, e.ANTHROPIC_MODEL),
    openai: provider(e.OPENAI_API_KEY, e.OPENAI_BASE_URL, e.OPENAI_MODEL),
    timeoutMs: e.RATIBA_LLM_TIMEOUT_MS,
  };
}

/** Payment providers' URLs (Daraja, PesaPal) and the public address their callbacks reach. */
export interface PaymentsConfig {
  darajaBaseUrl?: string;
  pesapalBaseUrl?: string;
  publicUrl?: string;
}

export function paymentsConfig(e: {
  DARAJA_BASE_URL?: string | undefined;
  PESAPAL_BASE_URL?: string | undefined;
  RATIBA_PUBLIC_URL?: string | undefined;
}): PaymentsConfig {
  return {
    ...(e.DARAJA_BASE_URL ? { darajaBaseUrl: e.DARAJA_BASE_URL } : {}),
    ...(e.PESAPAL_BASE_URL ? { pesapalBaseUrl: e.PESAPAL_BASE_URL } : {}),
    ...(e.RATIBA_PUBLIC_URL ? { publicUrl: e.RATIBA_PUBLIC_URL.replace(/\/+$/, '') } : {}),
  };
}
