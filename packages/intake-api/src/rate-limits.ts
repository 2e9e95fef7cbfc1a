import { createRateLimiter, type RedisCaller } from "@cert/http";
import type { Logger } from "@cert/logger";
import type { RequestHandler } from "express";
import type { ThrottledWarning } from "./throttled-warning";

const ONE_MINUTE_MS = 60_000;

/** The per-client budgets of the public API, counted in Redis across all instances. */
export interface IntakeRateLimits {
  /** Submissions: `POST /certifications`, `GET /certifications/redirect` (and their V2 twins). */
  readonly submit: RequestHandler;
  /**
   * Status lookups: `GET /certifications/:imp_uid` (and `GET /identity-verifications/:id`). One
   * handler, so both routes draw on one budget. Each lookup of an unknown id costs Redis and
   * Postgres work, hence a limit of its own, apart from submissions.
   */
  readonly status: RequestHandler;
}

export interface IntakeRateLimitsOptions {
  /** Fail-fast connection holding the counters. */
  redis: RedisCaller;
  logger: Logger;
  /** Reports counter-store errors (Redis down); the request then passes unlimited. */
  warn: ThrottledWarning;
  config: {
    /** Namespaces the counters, so deployments sharing a Redis never share budgets. */
    readonly queuePrefix: string;
    readonly rateLimitPerMinute: number;
    readonly statusRateLimitPerMinute: number;
    readonly trustProxy: boolean;
  };
}

/** Builds the intake budgets (`RATE_LIMIT_PER_MINUTE`, `STATUS_RATE_LIMIT_PER_MINUTE`). */
export function createIntakeRateLimits(options: IntakeRateLimitsOptions): IntakeRateLimits {
  const { redis, logger, warn, config } = options;
  const perMinute = (limit: number, prefix: string) =>
    createRateLimiter({
      windowMs: ONE_MINUTE_MS,
      limit,
      shared: { redis, prefix },
      warn,
      logger,
      trustProxy: config.trustProxy,
    });
  return {
    submit: perMinute(config.rateLimitPerMinute, `${config.queuePrefix}:rl:`),
    status: perMinute(config.statusRateLimitPerMinute, `${config.queuePrefix}:rl-status:`),
  };
}
