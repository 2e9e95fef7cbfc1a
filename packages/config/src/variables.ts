import { z } from "zod";
import {
  boolean,
  decimal,
  decimalOrNone,
  hostPortList,
  integer,
  keyName,
  oneOf,
  optionalString,
  piiEncryptionKeys,
  piiHmacKey,
  providerUrlWithDefault,
  requiredString,
  stringWithDefault,
  url,
  urlWithDefault,
} from "./parsers";

const SECONDS_PER_DAY = 86_400;
const ONE_YEAR_SECONDS = 365 * SECONDS_PER_DAY;

/** pino levels accepted by `LOG_LEVEL`. */
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Age rules accepted by `AGE_RULE`. */
export const AGE_RULES = ["calendar-year", "full-years"] as const;
export type AgeRule = (typeof AGE_RULES)[number];

/**
 * Every environment variable any process reads: the one place where names, defaults, ranges and
 * meanings are written down. Loaders pick the subset their process needs. Blank values (`FOO=`)
 * count as unset.
 */
export const variables = {
  /** Postgres connection string, `postgres://` or `postgresql://`. Required (demo: embedded Postgres when unset). */
  DATABASE_URL: url(["postgres:", "postgresql:"]),
  /**
   * Use named (server-side) prepared statements for the hot queries. Set false behind PgBouncer
   * before 1.21 in transaction pooling mode, which cannot keep them. Default true.
   */
  DATABASE_PREPARED_STATEMENTS: boolean(true),
  /**
   * Postgres connection string for migrations only, e.g. a direct connection that bypasses
   * PgBouncer; unset: `DATABASE_URL`. Secret (may hold a password). Default unset.
   */
  DATABASE_MIGRATION_URL: url(["postgres:", "postgresql:"]).optional(),
  /** Redis for the queue and the outcome stream, `redis://` or `rediss://`. Default `redis://127.0.0.1:6379`. */
  REDIS_URL: urlWithDefault(["redis:", "rediss:"], "redis://127.0.0.1:6379"),
  /** Redis Cluster seed nodes, `host:port,...`: run on a cluster instead of `REDIS_URL`. Default unset. */
  REDIS_CLUSTER_NODES: hostPortList().optional(),
  /** Sentinels, `host:port,...`, with `REDIS_SENTINEL_MASTER`: run on a Sentinel-managed primary. Default unset. */
  REDIS_SENTINELS: hostPortList().optional(),
  /** Name of the master the sentinels monitor (with `REDIS_SENTINELS`). Default unset. */
  REDIS_SENTINEL_MASTER: optionalString(),
  /** Password of the sentinels themselves, when they require one. Secret, never echoed. Default unset. */
  REDIS_SENTINEL_PASSWORD: optionalString(),
  /** ACL user of the data nodes on Sentinel or Cluster (standalone: in `REDIS_URL`). Default unset. */
  REDIS_USERNAME: optionalString(),
  /** Password of the data nodes on Sentinel or Cluster (standalone: in `REDIS_URL`). Secret. Default unset. */
  REDIS_PASSWORD: optionalString(),
  /** TLS to the data nodes (and sentinels) on Sentinel or Cluster (standalone: `rediss://`). Default false. */
  REDIS_TLS: boolean(false),
  /**
   * How long intake waits for the replicas to acknowledge an accepted job (`WAIT <replicas> <ms>`) when the
   * primary has replicas, in ms, 0-60000; 0 never waits. A timeout answers 503. Default 1000.
   */
  REDIS_REPLICA_ACK_TIMEOUT_MS: integer(0, 60_000, 1000),
  /** Base URL of the i'mport REST API (the sandbox in demo and tests), http(s). Default `https://api.iamport.kr`. */
  IAMPORT_API_URL: providerUrlWithDefault("https://api.iamport.kr"),
  /** i'mport REST API key. Required by the worker; secret, never echoed. */
  IAMPORT_API_KEY: requiredString(),
  /** i'mport REST API secret. Required by the worker; secret, never echoed. */
  IAMPORT_API_SECRET: requiredString(),
  /** Timeout of one provider HTTP request, in ms, 100-120000. Default 5000. */
  IAMPORT_TIMEOUT_MS: integer(100, 120_000, 5000),
  /** PortOne V2 API secret; with it the worker serves V2 identity verifications. Optional; secret, never echoed. */
  PORTONE_API_SECRET: optionalString(),
  /** Base URL of the PortOne V2 API (the sandbox in demo and tests), http(s). Default `https://api.portone.io`. */
  PORTONE_API_URL: urlWithDefault(["http:", "https:"], "https://api.portone.io"),
  /** Sent as `storeId` on every V2 call when set. Optional. */
  PORTONE_STORE_ID: optionalString(),
  /** How long a V2 verification still `READY` is fetched again before it is `not_certified`, ms, 0-3600000. Default 60000. */
  PORTONE_READY_TIMEOUT_MS: integer(0, 3_600_000, 60_000),
  /** Timeout of one PortOne V2 HTTP request, in ms, 100-120000. Default 5000. */
  PORTONE_TIMEOUT_MS: integer(100, 120_000, 5000),
  /**
   * Keys of the personal columns: `keyId:base64(32 bytes)` pairs, comma-separated; the first
   * encrypts, every one decrypts. Required by the worker and the pii commands; secret, never echoed.
   */
  PII_ENCRYPTION_KEYS: piiEncryptionKeys(),
  /** Key of the CI lookup hash (`users.ci_hash`), base64, at least 32 bytes. Required with the above; secret, never echoed. */
  PII_HMAC_KEY: piiHmacKey(),
  /** People not verified again for this many days are erased by the worker, 1-36500. Default unset (keep). */
  PII_RETENTION_DAYS: integer(1, 36_500, 0).optional(),
  /** API listen port, 0-65535 (0 picks a free port). Default 3000. */
  PORT: integer(0, 65_535, 3000),
  /** i'mport sandbox listen port, 0-65535 (0 picks a free port). Default 4010. */
  SANDBOX_PORT: integer(0, 65_535, 4010),
  /** Jobs in flight per worker process, 1-1000. Default 50. */
  WORKER_CONCURRENCY: integer(1, 1000, 50),
  /** Minimum age for the check, 0-150. Default 19. */
  AGE_MIN: integer(0, 150, 19),
  /** `calendar-year` (birth year <= reference year - AGE_MIN) or `full-years` (completed years >= AGE_MIN). Default `calendar-year`. */
  AGE_RULE: oneOf(AGE_RULES, "calendar-year"),
  /** Redis Stream that outcomes are published to. Default `age-check-outcomes`. */
  OUTCOME_STREAM: keyName("age-check-outcomes"),
  /**
   * Entries the outcome stream keeps, about (XADD `MAXLEN ~`), 0-1000000000; 0 keeps every entry.
   * The stream is the live feed; `outcome_events` is the durable log to catch up from. Default 100000.
   */
  OUTCOME_STREAM_MAXLEN: integer(0, 1_000_000_000, 100_000),
  /** BullMQ key prefix, so several deployments (or test files) can share one Redis. Default `cert`. */
  QUEUE_PREFIX: keyName("cert"),
  /** Bearer token for `/admin/*`, at least 32 characters; unset disables `/admin/*` (404). Secret, never echoed. */
  ADMIN_TOKEN: z
    .string()
    .min(32, { error: "must be at least 32 characters" })
    .max(512, { error: "must be at most 512 characters" })
    .optional(),
  /** pino level: fatal, error, warn, info, debug, trace or silent. Default `info`. */
  LOG_LEVEL: oneOf(LOG_LEVELS, "info"),
  /** Human-readable logs (pino-pretty) instead of JSON; for development only. Default false. */
  LOG_PRETTY: boolean(false),
  /** Where the mobile redirect flow sends the user (absolute http(s) URL); unset answers 202 JSON. Default unset. */
  REDIRECT_URL: url(["http:", "https:"]).optional(),
  /** Provider fetch attempts per job (first try included), 1-100. Default 8. */
  JOB_ATTEMPTS: integer(1, 100, 8),
  /** First retry delay of the exponential backoff, in ms, 0-3600000. Default 1000. */
  JOB_BACKOFF_MS: integer(0, 3_600_000, 1000),
  /** How long completed jobs are kept (the idempotency window of intake), in seconds, 0-1 year. Default 3600. */
  COMPLETED_RETENTION_SECONDS: integer(0, ONE_YEAR_SECONDS, 3600),
  /** At most this many completed jobs are kept, 0-10000000. Default 10000. */
  COMPLETED_RETENTION_COUNT: integer(0, 10_000_000, 10_000),
  /** How long failed jobs are kept for inspection and retry, in seconds, 0-1 year. Default 604800 (7 days). */
  FAILED_RETENTION_SECONDS: integer(0, ONE_YEAR_SECONDS, 7 * SECONDS_PER_DAY),
  /** Intake requests allowed per client per minute, 1-1000000. Default 600. */
  RATE_LIMIT_PER_MINUTE: integer(1, 1_000_000, 600),
  /** Status lookups allowed per client per minute, 1-1000000. Default 3000. */
  STATUS_RATE_LIMIT_PER_MINUTE: integer(1, 1_000_000, 3000),
  /** Port of the API's own `/metrics` listener (then not on `PORT`), 1-65535; unset serves it on `PORT`. Default unset. */
  METRICS_PORT: integer(1, 65_535, 9464).optional(),
  /** Trust `X-Forwarded-For` from one proxy hop when identifying clients. Default false. */
  TRUST_PROXY: boolean(false),
  /** Grace period for in-flight work on SIGTERM before exiting anyway, in ms, 0-600000. Default 10000. */
  SHUTDOWN_TIMEOUT_MS: integer(0, 600_000, 10_000),
  /** Run the outbox relay inside the worker process (publishes outcome events to `OUTCOME_STREAM`). Default true. */
  RELAY_ENABLED: boolean(true),
  /** Port of the worker's Prometheus `/metrics` server, 1-65535; unset runs no server. Default unset. */
  WORKER_METRICS_PORT: integer(1, 65_535, 9464).optional(),
  /** Address the i'mport sandbox listens on. Default `127.0.0.1`. */
  SANDBOX_HOST: stringWithDefault("127.0.0.1"),
  /** The `imp_key` the sandbox accepts. Default `sandbox_key`. */
  SANDBOX_API_KEY: optionalString(),
  /** The `imp_secret` the sandbox accepts. Default `sandbox_secret`. */
  SANDBOX_API_SECRET: optionalString(),
  /** The V2 API secret the sandbox accepts (`Authorization: PortOne <secret>`). Default `sandbox_v2_secret`. */
  SANDBOX_V2_SECRET: optionalString(),
  /** When set, the sandbox answers V2 calls naming another `storeId` with 403. Default none. */
  SANDBOX_STORE_ID: optionalString(),
  /** Seed of the sandbox's fault draws, for repeatable runs (an integer). Default random. */
  SANDBOX_SEED: integer(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, 0).optional(),
  // The sandbox's per-run faults. Unset ones take the sandbox's defaults (no faults, 30-minute
  // tokens); the sandbox checks the ranges, as it does for faults set over HTTP.
  /** Delay added to every provider response, ms, 0-600000. */
  SANDBOX_LATENCY_MS: decimal(),
  /** Extra random delay, uniform in [0, this], ms, 0-600000. */
  SANDBOX_JITTER_MS: decimal(),
  /** Share of provider requests answered HTTP 500, 0-1. */
  SANDBOX_ERROR_RATE: decimal(),
  /** Share of provider requests answered HTTP 429, 0-1. */
  SANDBOX_RATE_429: decimal(),
  /** `Retry-After` seconds sent with a 429, 0-86400, or `none` to send none. Default 1. */
  SANDBOX_RETRY_AFTER_SECONDS: decimalOrNone(),
  /** Share of provider requests answered HTTP 200 with `code: 1`, 0-1. */
  SANDBOX_CODE200_RATE: decimal(),
  /** Share of provider requests whose socket is dropped without an answer, 0-1. */
  SANDBOX_DROP_RATE: decimal(),
  /** Lifetime of the tokens the sandbox issues, seconds, 1-86400. Default 1800. */
  SANDBOX_TOKEN_TTL_SECONDS: decimal(),
  /** Offset of the sandbox's provider clock from the real one, seconds, within a year. */
  SANDBOX_SKEW_SECONDS: decimal(),
  /** When true, the sandbox's getToken rejects even the right key with 401. Default false. */
  SANDBOX_WRONG_KEY: boolean(false),
} as const;

export type VariableName = keyof typeof variables;

/** Variables whose values are secrets (never logged, never echoed). */
export const SECRET_VARIABLES: readonly VariableName[] = [
  "IAMPORT_API_KEY",
  "IAMPORT_API_SECRET",
  "PORTONE_API_SECRET",
  "PII_ENCRYPTION_KEYS",
  "PII_HMAC_KEY",
  "SANDBOX_V2_SECRET",
  "ADMIN_TOKEN",
  "DATABASE_URL",
  "DATABASE_MIGRATION_URL",
  "REDIS_URL",
  "REDIS_PASSWORD",
  "REDIS_SENTINEL_PASSWORD",
];
