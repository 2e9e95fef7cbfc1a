import type {
  ApiConfig,
  DemoConfig,
  JobQueueConfig,
  LoggingConfig,
  MigrateConfig,
  SandboxConfig,
  WorkerConfig,
} from "./config-types";
import { deepFreeze, type Env, parseEnv } from "./parse-env";
import { url } from "./parsers";
import { variables as v } from "./variables";

/**
 * One loader per process. Each parses only the variables its process uses, so, for example,
 * the API starts without i'mport credentials it must never hold. All default to `process.env`,
 * throw {@link ConfigError} and return deeply frozen objects.
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

function toLogging(e: {
  LOG_LEVEL: LoggingConfig["logLevel"];
  LOG_PRETTY: boolean;
}): LoggingConfig {
  return { logLevel: e.LOG_LEVEL, logPretty: e.LOG_PRETTY };
}

function toJobQueue(e: {
  QUEUE_PREFIX: string;
  JOB_ATTEMPTS: number;
  JOB_BACKOFF_MS: number;
  COMPLETED_RETENTION_SECONDS: number;
  COMPLETED_RETENTION_COUNT: number;
  FAILED_RETENTION_SECONDS: number;
}): JobQueueConfig {
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

/** Trailing slashes dropped so clients can append `/users/getToken` safely. */
function baseUrl(raw: string): string {
  return raw.replace(/\/+$/, "");
}

/** Intake API: needs Postgres, Redis, intake and queue settings; no provider credentials. */
export function loadApiConfig(env: Env = process.env): ApiConfig {
  const e = parseEnv(
    {
      DATABASE_URL: v.DATABASE_URL,
      REDIS_URL: v.REDIS_URL,
      METRICS_PORT: v.METRICS_PORT,
      ...intake,
      ...jobQueue,
      ...logging,
    },
    env,
  );
  return deepFreeze({
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    port: e.PORT,
    adminToken: e.ADMIN_TOKEN,
    redirectUrl: e.REDIRECT_URL,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    statusRateLimitPerMinute: e.STATUS_RATE_LIMIT_PER_MINUTE,
    trustProxy: e.TRUST_PROXY,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    metricsPort: e.METRICS_PORT,
    ...toJobQueue(e),
    ...toLogging(e),
  });
}

/** Worker: needs Postgres, Redis, the provider credentials and the age-check settings. */
export function loadWorkerConfig(env: Env = process.env): WorkerConfig {
  const e = parseEnv(
    {
      DATABASE_URL: v.DATABASE_URL,
      REDIS_URL: v.REDIS_URL,
      IAMPORT_API_URL: v.IAMPORT_API_URL,
      IAMPORT_API_KEY: v.IAMPORT_API_KEY,
      IAMPORT_API_SECRET: v.IAMPORT_API_SECRET,
      IAMPORT_TIMEOUT_MS: v.IAMPORT_TIMEOUT_MS,
      QUEUE_PREFIX: v.QUEUE_PREFIX,
      ...checking,
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
    redisUrl: e.REDIS_URL,
    iamport: {
      apiUrl: baseUrl(e.IAMPORT_API_URL),
      apiKey: e.IAMPORT_API_KEY,
      apiSecret: e.IAMPORT_API_SECRET,
      timeoutMs: e.IAMPORT_TIMEOUT_MS,
    },
    queuePrefix: e.QUEUE_PREFIX,
    workerConcurrency: e.WORKER_CONCURRENCY,
    ageMin: e.AGE_MIN,
    ageRule: e.AGE_RULE,
    outcomeStream: e.OUTCOME_STREAM,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    relayEnabled: e.RELAY_ENABLED,
    outcomeStreamMaxLen: e.OUTCOME_STREAM_MAXLEN,
    metricsPort: e.WORKER_METRICS_PORT,
    ...toLogging(e),
  });
}

/** i'mport sandbox: only its port and logging. */
export function loadSandboxConfig(env: Env = process.env): SandboxConfig {
  const e = parseEnv(
    { SANDBOX_PORT: v.SANDBOX_PORT, SHUTDOWN_TIMEOUT_MS: v.SHUTDOWN_TIMEOUT_MS, ...logging },
    env,
  );
  return deepFreeze({
    sandboxPort: e.SANDBOX_PORT,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    ...toLogging(e),
  });
}

/** Migrations: only Postgres and logging. */
export function loadMigrateConfig(env: Env = process.env): MigrateConfig {
  const e = parseEnv({ DATABASE_URL: v.DATABASE_URL, ...logging }, env);
  return deepFreeze({ databaseUrl: e.DATABASE_URL, ...toLogging(e) });
}

/**
 * Demo: every setting, but connections and credentials are optional (no defaults) so the demo
 * can tell "configured" from "start one for me".
 */
export function loadDemoConfig(env: Env = process.env): DemoConfig {
  const e = parseEnv(
    {
      DATABASE_URL: v.DATABASE_URL.optional(),
      REDIS_URL: url(["redis:", "rediss:"]).optional(),
      IAMPORT_API_URL: url(["http:", "https:"]).optional(),
      IAMPORT_API_KEY: v.IAMPORT_API_KEY.optional(),
      IAMPORT_API_SECRET: v.IAMPORT_API_SECRET.optional(),
      IAMPORT_TIMEOUT_MS: v.IAMPORT_TIMEOUT_MS,
      SANDBOX_PORT: v.SANDBOX_PORT,
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
    port: e.PORT,
    adminToken: e.ADMIN_TOKEN,
    redirectUrl: e.REDIRECT_URL,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    statusRateLimitPerMinute: e.STATUS_RATE_LIMIT_PER_MINUTE,
    trustProxy: e.TRUST_PROXY,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    workerConcurrency: e.WORKER_CONCURRENCY,
    ageMin: e.AGE_MIN,
    ageRule: e.AGE_RULE,
    outcomeStream: e.OUTCOME_STREAM,
    ...toJobQueue(e),
    ...toLogging(e),
  });
}
