/**
 * `npm run api`: the intake HTTP API, configured only by environment through
 * `loadApiConfig` (DATABASE_URL, the Redis topology variables, PORT, METRICS_PORT, QUEUE_PREFIX, ADMIN_TOKEN,
 * REDIRECT_URL, RATE_LIMIT_PER_MINUTE, STATUS_RATE_LIMIT_PER_MINUTE, TRUST_PROXY,
 * SHUTDOWN_TIMEOUT_MS, retention and logging variables).
 * Wiring only: the behaviour lives in @cert/intake-api.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdminRouter } from "@cert/admin";
import { loadApiConfig, loadOrExit } from "@cert/config";
import { createPool } from "@cert/db";
import { closeHttpServer, createIntakeApp, createMetricsApp } from "@cert/intake-api";
import { onShutdownSignal } from "@cert/lifecycle";
import { createLogger } from "@cert/logger";
import { eraseUser } from "@cert/outbox";
import { createCertificationQueue } from "@cert/queue";
import { createFailFastConnection, quitOrDisconnect, waitUntilReady } from "@cert/redis";
import { startTracing, userErasuresCounter } from "@cert/telemetry";
import { Registry } from "prom-client";

/** How long start-up waits for Redis before serving anyway (intake answers 503 until it connects). */
const REDIS_STARTUP_WAIT_MS = 5000;
/** Time allowed after the HTTP drain deadline for closing connections before exiting anyway. */
const SHUTDOWN_CLOSE_MARGIN_MS = 5000;

const config = loadOrExit(loadApiConfig);
// OpenTelemetry, from the standard OTEL_* variables only; nothing starts without an endpoint.
const tracing = await startTracing({ defaultServiceName: "cert-intake-api" });
const logger = createLogger({ name: "api", level: config.logLevel, pretty: config.logPretty });

// Two fail-fast connections: the queue's, and one for rate-limit counters, admin sessions and
// readiness.
const connection = createFailFastConnection(config.redis);
const auxRedis = createFailFastConnection(config.redis);
for (const client of [connection, auxRedis]) {
  // Outages are reported by the app (throttled); without a listener ioredis prints each retry.
  client.on("error", () => {});
}
const queue = createCertificationQueue({
  connection,
  prefix: config.queuePrefix,
  config,
  telemetry: tracing.bullmq,
});
const pool = createPool(config.databaseUrl, {
  applicationName: "cert-api",
  preparedStatements: config.databasePreparedStatements,
  connectionTimeoutMillis: 2000,
  logger,
});
const registry = new Registry();
// Erasure clears columns and writes its event: no key is needed, so the API holds none.
const erasures = userErasuresCounter(registry);
const admin =
  config.adminToken === undefined
    ? undefined
    : createAdminRouter({
        queues: [queue],
        adminToken: config.adminToken,
        logger,
        redis: auxRedis,
        keyPrefix: `${config.queuePrefix}:admin:`,
        erasure: { eraseUser: (userId) => eraseUser(pool, userId), onErased: () => erasures.inc() },
      });

const app = createIntakeApp({ queue, pool, redis: auxRedis, logger, config, admin, registry });

const redisReady = await Promise.allSettled([
  waitUntilReady(connection, REDIS_STARTUP_WAIT_MS),
  waitUntilReady(auxRedis, REDIS_STARTUP_WAIT_MS),
]);
if (redisReady.some((result) => result.status === "rejected")) {
  logger.warn("redis unavailable at start-up; intake answers 503 until it connects");
}

const server = createServer(app).listen(config.port, () => {
  logger.info({ port: (server.address() as AddressInfo).port, tracing: tracing.enabled }, "ready");
});
// With METRICS_PORT, /metrics is served only there (an internal port), not on the public one.
const metricsServer =
  config.metricsPort === undefined
    ? undefined
    : createServer(createMetricsApp(registry, logger)).listen(config.metricsPort, () => {
        logger.info({ metricsPort: config.metricsPort }, "metrics listening");
      });

// Idle keep-alive sockets outlive a load balancer's (typically 60 s), so the proxy, never this
// server, closes them: otherwise a request can race the close and fail with "socket hang up".
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;

// Drain HTTP first (in-flight requests still need Redis and Postgres), then close connections.
onShutdownSignal({
  logger,
  hardDeadlineMs: config.shutdownTimeoutMs + SHUTDOWN_CLOSE_MARGIN_MS,
  steps: [
    {
      name: "http",
      run: async () => {
        const drained = await closeHttpServer(server, config.shutdownTimeoutMs);
        if (!drained) logger.warn("in-flight requests cut at the shutdown deadline");
      },
    },
    {
      name: "metrics",
      run: async () => {
        if (metricsServer) await closeHttpServer(metricsServer, config.shutdownTimeoutMs);
      },
    },
    { name: "queue", run: () => queue.close() },
    { name: "tracing", run: () => tracing.shutdown() },
    {
      name: "redis",
      run: () => Promise.all([quitOrDisconnect(connection), quitOrDisconnect(auxRedis)]),
    },
    { name: "postgres", run: () => pool.end() },
  ],
});
