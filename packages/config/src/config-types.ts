import type { AgeRule, LogLevel } from "./variables";

/** Each field mirrors one variable of `variables.ts`, where its default and range are documented. */

/** Logging settings every process reads. */
export interface LoggingConfig {
  /** `LOG_LEVEL`. */
  readonly logLevel: LogLevel;
  /** `LOG_PRETTY`. */
  readonly logPretty: boolean;
}

/** How long BullMQ keeps finished jobs. */
export interface RetentionConfig {
  /** `COMPLETED_RETENTION_SECONDS`. */
  readonly completedAgeSeconds: number;
  /** `COMPLETED_RETENTION_COUNT`. */
  readonly completedCount: number;
  /** `FAILED_RETENTION_SECONDS`. */
  readonly failedAgeSeconds: number;
}

/** What a producer needs to enqueue certification jobs with the shared job options. */
export interface JobQueueConfig {
  /** `QUEUE_PREFIX`. */
  readonly queuePrefix: string;
  /** `JOB_ATTEMPTS`. */
  readonly jobAttempts: number;
  /** `JOB_BACKOFF_MS`. */
  readonly jobBackoffMs: number;
  readonly retention: RetentionConfig;
}

/** The i'mport REST API client settings. */
export interface IamportConfig {
  /** `IAMPORT_API_URL`, without a trailing slash. */
  readonly apiUrl: string;
  /** `IAMPORT_API_KEY` (secret). */
  readonly apiKey: string;
  /** `IAMPORT_API_SECRET` (secret). */
  readonly apiSecret: string;
  /** `IAMPORT_TIMEOUT_MS`. */
  readonly timeoutMs: number;
}

/** Intake API process (`apps/api`). It never calls the provider, so it has no i'mport credentials. */
export interface ApiConfig extends LoggingConfig, JobQueueConfig {
  /** `DATABASE_URL`. */
  readonly databaseUrl: string;
  /** `REDIS_URL`. */
  readonly redisUrl: string;
  /** `PORT`. */
  readonly port: number;
  /** `ADMIN_TOKEN`; `undefined` disables `/admin/*`. */
  readonly adminToken: string | undefined;
  /** `REDIRECT_URL`; `undefined` answers the redirect flow with 202 JSON. */
  readonly redirectUrl: string | undefined;
  /** `RATE_LIMIT_PER_MINUTE`. */
  readonly rateLimitPerMinute: number;
  /** `STATUS_RATE_LIMIT_PER_MINUTE`. */
  readonly statusRateLimitPerMinute: number;
  /** `TRUST_PROXY`. */
  readonly trustProxy: boolean;
  /** `SHUTDOWN_TIMEOUT_MS`. */
  readonly shutdownTimeoutMs: number;
  /** `METRICS_PORT`; `undefined` serves `/metrics` on `PORT`. */
  readonly metricsPort: number | undefined;
}

/** Worker process (`apps/worker`): fetches certifications, checks ages, writes and publishes outcomes. */
export interface WorkerConfig extends LoggingConfig {
  /** `DATABASE_URL`. */
  readonly databaseUrl: string;
  /** `REDIS_URL`. */
  readonly redisUrl: string;
  readonly iamport: IamportConfig;
  /** `QUEUE_PREFIX`. */
  readonly queuePrefix: string;
  /** `WORKER_CONCURRENCY`. */
  readonly workerConcurrency: number;
  /** `AGE_MIN`. */
  readonly ageMin: number;
  /** `AGE_RULE`. */
  readonly ageRule: AgeRule;
  /** `OUTCOME_STREAM`. */
  readonly outcomeStream: string;
  /** `SHUTDOWN_TIMEOUT_MS`. */
  readonly shutdownTimeoutMs: number;
  /** `RELAY_ENABLED`. */
  readonly relayEnabled: boolean;
  /** `OUTCOME_STREAM_MAXLEN`; 0 keeps every entry. */
  readonly outcomeStreamMaxLen: number;
  /** `WORKER_METRICS_PORT`; `undefined` runs no metrics server. */
  readonly metricsPort: number | undefined;
}

/** i'mport sandbox process (`apps/sandbox`). */
export interface SandboxConfig extends LoggingConfig {
  /** `SANDBOX_PORT`. */
  readonly sandboxPort: number;
  /** `SHUTDOWN_TIMEOUT_MS`. */
  readonly shutdownTimeoutMs: number;
}

/** Migration command (`npm run db:migrate`). */
export interface MigrateConfig extends LoggingConfig {
  /** `DATABASE_URL`. */
  readonly databaseUrl: string;
}

/**
 * The demo (`apps/demo`) runs everything on one machine. Connection settings are optional
 * because the demo provides what is missing (embedded Postgres, a local Redis, the sandbox).
 */
export interface DemoConfig
  extends Omit<ApiConfig, "databaseUrl" | "redisUrl" | "metricsPort">,
    Omit<
      WorkerConfig,
      | "databaseUrl"
      | "redisUrl"
      | "iamport"
      | "relayEnabled"
      | "outcomeStreamMaxLen"
      | "metricsPort"
    > {
  /** `DATABASE_URL`; `undefined` starts embedded Postgres. */
  readonly databaseUrl: string | undefined;
  /** `REDIS_URL`; `undefined` probes 127.0.0.1:6379, else spawns `redis-server`. */
  readonly redisUrl: string | undefined;
  /** i'mport settings; `apiUrl` `undefined` starts the sandbox, credentials optional for it. */
  readonly iamport: {
    readonly apiUrl: string | undefined;
    readonly apiKey: string | undefined;
    readonly apiSecret: string | undefined;
    readonly timeoutMs: number;
  };
  /** `SANDBOX_PORT`. */
  readonly sandboxPort: number;
}
