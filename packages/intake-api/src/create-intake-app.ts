import type { Queryable } from "@cert/db";
import {
  apiSecurityHeaders,
  htmlSecurityHeaders,
  jsonErrorHandler,
  notFoundHandler,
  type RedisCaller,
  untrustedForwardedForWarning,
} from "@cert/http";
import type { Logger } from "@cert/logger";
import { type CertificationQueue, pingQueuePrimary } from "@cert/queue";
import express, { type Express, type Router } from "express";
import type { Registry } from "prom-client";
import { DEFAULT_BODY_LIMIT_BYTES } from "./body-parsing";
import { createStatusLookup } from "./certification-status";
import { createEnqueue } from "./enqueue";
import { domainErrorHandler } from "./errors";
import { INTAKE_ROUTES } from "./intake-routes";
import { createIntakeMetrics, metricsHandler } from "./metrics";
import { createIntakeRateLimits } from "./rate-limits";
import { addHealthRoutes } from "./routes/health";
import { addStatusRoute } from "./routes/status";
import { addSubmitRoutes } from "./routes/submit";
import { throttledWarning } from "./throttled-warning";

/** The settings intake reads; `ApiConfig` of `@cert/config` has all of them. */
export interface IntakeAppConfig {
  /** `QUEUE_PREFIX`: also namespaces the rate-limit counters, so deployments never share them. */
  readonly queuePrefix: string;
  /** `RATE_LIMIT_PER_MINUTE`: intake requests per client IP per minute, across all instances. */
  readonly rateLimitPerMinute: number;
  /** `STATUS_RATE_LIMIT_PER_MINUTE`: status lookups per client IP per minute, across all instances. */
  readonly statusRateLimitPerMinute: number;
  /** `TRUST_PROXY`: read the client IP from one proxy hop's `X-Forwarded-For`. */
  readonly trustProxy: boolean;
  /** `REDIRECT_URL`: the redirect flow's destination; `undefined` answers it with 202 JSON. */
  readonly redirectUrl: string | undefined;
  /** `ADMIN_TOKEN`: `undefined` keeps `/admin` unmounted (404) even when a router is given. */
  readonly adminToken: string | undefined;
  /**
   * `METRICS_PORT`: when set, `/metrics` is left off this app (serve `createMetricsApp` on that
   * port); `undefined` serves it here.
   */
  readonly metricsPort?: number | undefined;
}

export interface IntakeAppOptions {
  /** The certification queue (on a fail-fast producer connection). Owned by the caller. */
  queue: CertificationQueue;
  /** Postgres, for statuses of jobs no longer in Redis and for readiness. Owned by the caller. */
  pool: Queryable;
  /**
   * A Redis connection apart from the queue's (fail-fast too) for the shared rate-limit
   * counters. Owned by the caller. Readiness PINGs the queue's primary on the queue's connection.
   */
  redis: RedisCaller;
  /** For warnings (throttled during outages) and unexpected errors; never request bodies. */
  logger: Logger;
  /** The intake settings (pass the loaded `ApiConfig`). */
  config: IntakeAppConfig;
  /** The `/admin` router (dashboard and JSON API, with its own auth); mounted when `adminToken` is set. */
  admin?: Router;
  /** Registry for the metrics. Default: a new one. */
  registry?: Registry;
  /** Longest wait for Redis or Postgres within a request, in ms. Default 2000. */
  dependencyTimeoutMs?: number;
  /** Longest wait for each dependency in `/readyz`, in ms. Default 1000. */
  readinessTimeoutMs?: number;
  /** Largest accepted POST body, in bytes. Default 4096. */
  bodyLimitBytes?: number;
  /** `Retry-After` sent with 503 answers, in seconds. Default 5. */
  retryAfterSeconds?: number;
}

/**
 * The intake HTTP API as an express app (serve it with `http.createServer(app)`); the caller listens and shuts down.
 * It only validates, enqueues and answers: it never calls the provider, never logs bodies and
 * never writes to Postgres.
 *
 * Routes are registered on the app itself, intake first: `POST /certifications` is the hot
 * path, and every router or route matched before it is work on each request.
 */
export function createIntakeApp(options: IntakeAppOptions): Express {
  const { queue, pool, redis, logger, config, admin } = options;
  const timeoutMs = options.dependencyTimeoutMs ?? 2000;
  const retryAfterSeconds = options.retryAfterSeconds ?? 5;
  const bodyLimitBytes = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  // Parsed once, so a bad REDIRECT_URL fails at start-up rather than on a user's request.
  const redirectUrl = config.redirectUrl === undefined ? undefined : new URL(config.redirectUrl);

  const metrics = createIntakeMetrics({ queue, registry: options.registry });
  const redisWarning = throttledWarning(logger, "redis unavailable");
  const postgresWarning = throttledWarning(logger, "postgres unavailable");
  // BullMQ re-emits connection errors as "error" events; unheard, one would crash the process.
  queue.on("error", redisWarning);

  const app = express();
  app.disable("x-powered-by");
  // JSON answers are tiny and always fresh; hashing each for an ETag is wasted work.
  app.set("etag", false);
  app.set("trust proxy", config.trustProxy ? 1 : false);

  app.use((req, res, next) => {
    metrics.observe(req, res);
    next();
  });
  app.use(untrustedForwardedForWarning(logger, config.trustProxy));
  app.use(apiSecurityHeaders());
  if (admin !== undefined && config.adminToken !== undefined) {
    // HTML pages (login, dashboard) get helmet's full set, which replaces the API's headers.
    app.use("/admin", htmlSecurityHeaders(), admin);
  }
  const rateLimits = createIntakeRateLimits({ redis, logger, warn: redisWarning, config });
  const enqueue = createEnqueue({
    queue,
    metrics,
    warn: redisWarning,
    timeoutMs,
    retryAfterSeconds,
  });
  const lookup = createStatusLookup({
    queue,
    pool,
    redisWarning,
    postgresWarning,
    timeoutMs,
    retryAfterSeconds,
  });
  // The same routes for each provider, over one enqueue path, one lookup and shared budgets.
  for (const spec of INTAKE_ROUTES) {
    addSubmitRoutes(app, spec, {
      enqueue,
      rateLimit: rateLimits.submit,
      metrics,
      redirectUrl,
      bodyLimitBytes,
    });
    addStatusRoute(app, spec, lookup, rateLimits.status);
  }
  addHealthRoutes(app, {
    // The node intake writes to: on a cluster, the primary of the queue's slot.
    redis: { ping: () => pingQueuePrimary(queue) },
    pool,
    timeoutMs: options.readinessTimeoutMs ?? 1000,
    retryAfterSeconds,
  });
  if (config.metricsPort === undefined) app.get("/metrics", metricsHandler(metrics.registry));
  app.use(notFoundHandler);
  app.use(domainErrorHandler);
  app.use(jsonErrorHandler(logger));
  return app;
}
