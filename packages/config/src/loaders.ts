import type { z } from "zod";
import { ConfigError } from "./errors";
import { deepFreeze, type Env, type Parsed, parseEnv } from "./parse-env";
import { providerUrl, url } from "./parsers";
import { parseRedisTopology, queuePrefixFor, type RedisTopology } from "./redis-topology";
import { sandbox, toSandbox } from "./sandbox-options";
import { variables as v } from "./variables";

/**
 * One loader per process. Each parses only the variables its process uses, so, for example,
 * the API starts without i'mport credentials it must never hold. All default to `process.env`,
 * throw {@link ConfigError} and return deeply frozen objects. Each config type is inferred from
 * the variables' zod schemas and the loader's mapping, so no type restates them; every
 * variable's meaning, default and range is written once, in `variables.ts`.
 */

const logging = { LOG_LEVEL: v.LOG_LEVEL, LOG_PRETTY: v.LOG_PRETTY };

const jobQueue = {
  QUEUE_PREFIX: v.QUEUE_PREFIX,
  JOB_ATTEMPTS: v.JOB_ATTEMPTS,
  JOB_BACKOFF_MS: v.JOB_BACKOFF_MS,
  COMPLETED_RETENTION_SECONDS: v.COMPLETED_RETENTION_SECONDS,
  COMPLETED_RETENTION_COUNT: v.COMPLETED_RETENTION_COUNT,
  FAILED_RETENTION_SECONDS: v.FAILED_RETENTION_SECONDS,
};

const intake = {
  PORT: v.PORT,
  ADMIN_TOKEN: v.ADMIN_TOKEN,
  REDIRECT_URL: v.REDIRECT_URL,
  RATE_LIMIT_PER_MINUTE: v.RATE_LIMIT_PER_MINUTE,
  STATUS_RATE_LIMIT_PER_MINUTE: v.STATUS_RATE_LIMIT_PER_MINUTE,
  TRUST_PROXY: v.TRUST_PROXY,
  SHUTDOWN_TIMEOUT_MS: v.SHUTDOWN_TIMEOUT_MS,
};

const checking = {
  WORKER_CONCURRENCY: v.WORKER_CONCURRENCY,
  AGE_MIN: v.AGE_MIN,
  AGE_RULE: v.AGE_RULE,
  OUTCOME_STREAM: v.OUTCOME_STREAM,
};

/** The personal-data keys, kept as text: build the cipher with `PiiCipher.fromEnv(config.pii)`. */
const piiKeys = { PII_ENCRYPTION_KEYS: v.PII_ENCRYPTION_KEYS, PII_HMAC_KEY: v.PII_HMAC_KEY };

function toPiiKeys(e: Parsed<typeof piiKeys>) {
  return { PII_ENCRYPTION_KEYS: e.PII_ENCRYPTION_KEYS, PII_HMAC_KEY: e.PII_HMAC_KEY };
}

function toLogging(e: Parsed<typeof logging>) {
  return { logLevel: e.LOG_LEVEL, logPretty: e.LOG_PRETTY };
}

/** What a producer needs to enqueue certification jobs with the shared job options. */
function toJobQueue(e: Parsed<typeof jobQueue>) {
  return {
    queuePrefix: e.QUEUE_PREFIX,
    jobAttempts: e.JOB_ATTEMPTS,
    jobBackoffMs: e.JOB_BACKOFF_MS,
    retention: {
      completedAgeSeconds: e.COMPLETED_RETENTION_SECONDS,
      completedCount: e.COMPLETED_RETENTION_COUNT,
      failedAgeSeconds: e.FAILED_RETENTION_SECONDS,
    },
  };
}

function toIntake(e: Parsed<typeof intake>) {
  return {
    port: e.PORT,
    adminToken: e.ADMIN_TOKEN,
    redirectUrl: e.REDIRECT_URL,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    statusRateLimitPerMinute: e.STATUS_RATE_LIMIT_PER_MINUTE,
    trustProxy: e.TRUST_PROXY,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
  };
}

function toChecking(e: Parsed<typeof checking>) {
  return {
    workerConcurrency: e.WORKER_CONCURRENCY,
    ageMin: e.AGE_MIN,
    ageRule: e.AGE_RULE,
    outcomeStream: e.OUTCOME_STREAM,
  };
}

/**
 * Parses `shape` and the Redis topology together, so one ConfigError names every problem of both.
 */
function parseWithRedis<S extends z.ZodRawShape>(
  shape: S,
  env: Env,
): Parsed<S> & { redis: RedisTopology } {
  const problems: { variable: string; problem: string }[] = [];
  const attempt = <T>(parse: () => T): T | undefined => {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
      return undefined;
    }
  };
  const e = attempt(() => parseEnv(shape, env));
  const redis = attempt(() => parseRedisTopology(env));
  if (e === undefined || redis === undefined) throw new ConfigError(problems);
  return { ...e, redis };
}

/** Trailing slashes dropped so clients can append `/users/getToken` safely. */
function baseUrl(raw: string): string {
  return raw.replace(/\/+$/, "");
}

/** Intake API: needs Postgres, Redis, intake and queue settings; no provider credentials. */
export function loadApiConfig(env: Env = process.env) {
  const e = parseWithRedis(
    {
      DATABASE_URL: v.DATABASE_URL,
      DATABASE_PREPARED_STATEMENTS: v.DATABASE_PREPARED_STATEMENTS,
      METRICS_PORT: v.METRICS_PORT,
      ...intake,
      ...jobQueue,
      ...logging,
    },
    env,
  );
  return deepFreeze({
    databaseUrl: e.DATABASE_URL,
    databasePreparedStatements: e.DATABASE_PREPARED_STATEMENTS,
    redis: e.redis,
    ...toIntake(e),
    metricsPort: e.METRICS_PORT,
    ...toJobQueue(e),
    queuePrefix: queuePrefixFor(e.redis, e.QUEUE_PREFIX),
    ...toLogging(e),
  });
}

/** Worker: needs Postgres, Redis, the provider credentials and the age-check settings. */
export function loadWorkerConfig(env: Env = process.env) {
  const e = parseWithRedis(
    {
      DATABASE_URL: v.DATABASE_URL,
      DATABASE_PREPARED_STATEMENTS: v.DATABASE_PREPARED_STATEMENTS,
      IAMPORT_API_URL: v.IAMPORT_API_URL,
      IAMPORT_API_KEY: v.IAMPORT_API_KEY,
      IAMPORT_API_SECRET: v.IAMPORT_API_SECRET,
      IAMPORT_TIMEOUT_MS: v.IAMPORT_TIMEOUT_MS,
      PORTONE_API_SECRET: v.PORTONE_API_SECRET,
      PORTONE_API_URL: v.PORTONE_API_URL,
      PORTONE_STORE_ID: v.PORTONE_STORE_ID,
      PORTONE_READY_TIMEOUT_MS: v.PORTONE_READY_TIMEOUT_MS,
      PORTONE_TIMEOUT_MS: v.PORTONE_TIMEOUT_MS,
      QUEUE_PREFIX: v.QUEUE_PREFIX,
      ...checking,
      ...piiKeys,
      PII_RETENTION_DAYS: v.PII_RETENTION_DAYS,
      SHUTDOWN_TIMEOUT_MS: v.SHUTDOWN_TIMEOUT_MS,
      RELAY_ENABLED: v.RELAY_ENABLED,
      OUTCOME_STREAM_MAXLEN: v.OUTCOME_STREAM_MAXLEN,
      WORKER_METRICS_PORT: v.WORKER_METRICS_PORT,
      ...logging,
    },
    env,
  );
  return deepFreeze({
    databaseUrl: e.DATABASE_URL,
    databasePreparedStatements: e.DATABASE_PREPARED_STATEMENTS,
    redis: e.redis,
    iamport: {
      apiUrl: baseUrl(e.IAMPORT_API_URL),
      apiKey: e.IAMPORT_API_KEY,
      apiSecret: e.IAMPORT_API_SECRET,
      timeoutMs: e.IAMPORT_TIMEOUT_MS,
    },
    /** PortOne V2; `apiSecret` undefined means V2 is disabled (its jobs fail `provider_not_configured`). */
    portone: {
      apiUrl: baseUrl(e.PORTONE_API_URL),
      apiSecret: e.PORTONE_API_SECRET,
      storeId: e.PORTONE_STORE_ID,
      readyTimeoutMs: e.PORTONE_READY_TIMEOUT_MS,
      timeoutMs: e.PORTONE_TIMEOUT_MS,
    },
    queuePrefix: queuePrefixFor(e.redis, e.QUEUE_PREFIX),
    ...toChecking(e),
    /** The key variables (for `PiiCipher.fromEnv`); secret, never log this object. */
    pii: toPiiKeys(e),
    /** Undefined keeps people forever; else the worker erases those not verified for this many days. */
    retentionDays: e.PII_RETENTION_DAYS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    relayEnabled: e.RELAY_ENABLED,
    outcomeStreamMaxLen: e.OUTCOME_STREAM_MAXLEN,
    metricsPort: e.WORKER_METRICS_PORT,
    ...toLogging(e),
  });
}

/** i'mport sandbox: its port, its start options (credentials, seed, faults) and logging. */
export function loadSandboxConfig(env: Env = process.env) {
  const e = parseEnv(
    {
      SANDBOX_PORT: v.SANDBOX_PORT,
      ...sandbox,
      SHUTDOWN_TIMEOUT_MS: v.SHUTDOWN_TIMEOUT_MS,
      ...logging,
    },
    env,
  );
  return deepFreeze({
    sandboxPort: e.SANDBOX_PORT,
    sandbox: toSandbox(e),
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    ...toLogging(e),
  });
}

/**
 * Migrations: only Postgres and logging. `DATABASE_MIGRATION_URL`, when set, is used instead of
 * `DATABASE_URL` (which may then be unset), e.g. to migrate over a direct connection.
 */
export function loadMigrateConfig(env: Env = process.env) {
  const direct = parseEnv({ DATABASE_MIGRATION_URL: v.DATABASE_MIGRATION_URL }, env);
  const e = parseEnv(
    {
      DATABASE_URL:
        direct.DATABASE_MIGRATION_URL === undefined ? v.DATABASE_URL : v.DATABASE_URL.optional(),
      ...logging,
    },
    env,
  );
  const databaseUrl = direct.DATABASE_MIGRATION_URL ?? (e.DATABASE_URL as string);
  return deepFreeze({ databaseUrl, ...toLogging(e) });
}

/** The pii commands (`pii:convert`, `pii:rotate`): Postgres, the keys and logging. */
export function loadPiiCommandConfig(env: Env = process.env) {
  const e = parseEnv({ DATABASE_URL: v.DATABASE_URL, ...piiKeys, ...logging }, env);
  return deepFreeze({ databaseUrl: e.DATABASE_URL, pii: toPiiKeys(e), ...toLogging(e) });
}

/**
 * Demo: every setting, but connections and credentials are optional (no defaults) so the demo
 * can tell "configured" from "start one for me".
 */
export function loadDemoConfig(env: Env = process.env) {
  const e = parseEnv(
    {
      DATABASE_URL: v.DATABASE_URL.optional(),
      REDIS_URL: url(["redis:", "rediss:"]).optional(),
      IAMPORT_API_URL: providerUrl().optional(),
      IAMPORT_API_KEY: v.IAMPORT_API_KEY.optional(),
      IAMPORT_API_SECRET: v.IAMPORT_API_SECRET.optional(),
      IAMPORT_TIMEOUT_MS: v.IAMPORT_TIMEOUT_MS,
      SANDBOX_PORT: v.SANDBOX_PORT,
      ...sandbox,
      ...intake,
      ...checking,
      ...jobQueue,
      ...logging,
    },
    env,
  );
  return deepFreeze({
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    iamport: {
      apiUrl: e.IAMPORT_API_URL === undefined ? undefined : baseUrl(e.IAMPORT_API_URL),
      apiKey: e.IAMPORT_API_KEY,
      apiSecret: e.IAMPORT_API_SECRET,
      timeoutMs: e.IAMPORT_TIMEOUT_MS,
    },
    sandboxPort: e.SANDBOX_PORT,
    sandbox: toSandbox(e),
    ...toIntake(e),
    ...toChecking(e),
    ...toJobQueue(e),
    ...toLogging(e),
  });
}

/** Intake API process (`apps/api`). It never calls the provider, so it has no i'mport credentials. */
export type ApiConfig = ReturnType<typeof loadApiConfig>;
/** Worker process (`apps/worker`): fetches certifications, checks ages, writes and publishes outcomes. */
export type WorkerConfig = ReturnType<typeof loadWorkerConfig>;
/** i'mport sandbox process (`apps/sandbox`). */
export type SandboxConfig = ReturnType<typeof loadSandboxConfig>;
/** Migration command (`npm run db:migrate`). */
export type MigrateConfig = ReturnType<typeof loadMigrateConfig>;
/** What the pii commands read. */
export type PiiCommandConfig = ReturnType<typeof loadPiiCommandConfig>;
/** The demo (`apps/demo`), which starts whatever connection is not configured. */
export type DemoConfig = ReturnType<typeof loadDemoConfig>;
/** The settings that shape jobs (`ApiConfig` holds them), which @cert/queue's job options match. */
export type JobQueueConfig = ReturnType<typeof toJobQueue>;
