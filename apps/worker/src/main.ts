// The worker process (`npm run worker`): wiring only. Each piece documents itself; this file
// decides what runs, with which settings, and in which order it stops.
import { setTimeout as sleep } from "node:timers/promises";
import {
  createCertificationProcessor,
  createCertificationWorker,
} from "@cert/certification-processor";
import { loadOrExit, loadWorkerConfig } from "@cert/config";
import { assertNoPiiBacklogAtStart, createPool, PiiBacklogError } from "@cert/db";
import { IamportClient } from "@cert/iamport";
import { onShutdownSignal } from "@cert/lifecycle";
import { createLogger } from "@cert/logger";
import { createOutboxRelay, createOutcomeWriter } from "@cert/outbox";
import { PiiCipher } from "@cert/pii";
import { IdentityVerificationClient } from "@cert/portone";
import { createBlockingConnection, createFailFastConnection } from "@cert/redis";
import { startTracing } from "@cert/telemetry";
import { startMetricsServer } from "./metrics-server";
import { connectionReady, logConnectionErrors } from "./redis-readiness";
import { startRetentionSweeps } from "./retention-schedule";
import { createWorkerMetrics, observeWorker } from "./worker-metrics";

const config = loadOrExit(loadWorkerConfig);
// The config checked the keys, so this cannot throw; one cipher serves every job.
const cipher = PiiCipher.fromEnv(config.pii);
// OpenTelemetry, from the standard OTEL_* variables only; nothing starts without an endpoint.
const tracing = await startTracing({ defaultServiceName: "cert-intake-worker" });
const logger = createLogger({ name: "worker", level: config.logLevel, pretty: config.logPretty });
const pool = createPool(config.databaseUrl, {
  applicationName: "cert-worker",
  preparedStatements: config.databasePreparedStatements,
  logger,
});
// Rows written before encryption must be converted first, or a new row for one of those people
// would race their conversion for the same ci_hash.
try {
  await assertNoPiiBacklogAtStart(pool, () =>
    logger.warn({ code: "database_unavailable" }, "waiting for Postgres at start-up"),
  );
} catch (error) {
  if (!(error instanceof PiiBacklogError)) throw error;
  process.stderr.write(`${error.message}\n`);
  await pool.end();
  process.exit(1);
}
const metrics = config.metricsPort === undefined ? undefined : createWorkerMetrics({ pool });
// BullMQ's own connection waits out Redis restarts; the token cache and the relay fail fast
// instead, so a Redis outage degrades them (direct getToken, relay backoff) rather than hangs.
const bullConnection = createBlockingConnection(config.redis);
const tokenRedis = createFailFastConnection(config.redis);
const relayRedis = config.relayEnabled ? createFailFastConnection(config.redis) : undefined;
const connections = { bullConnection, tokenRedis, ...(relayRedis && { relayRedis }) };
for (const [name, redis] of Object.entries(connections)) logConnectionErrors(redis, name, logger);

const client = new IamportClient({
  apiUrl: config.iamport.apiUrl,
  apiKey: config.iamport.apiKey,
  apiSecret: config.iamport.apiSecret,
  timeoutMs: config.iamport.timeoutMs,
  // Shared by every worker of this deployment, so the fleet asks for a token once.
  redis: tokenRedis,
  keyPrefix: `${config.queuePrefix}:iamport:`,
  // One keep-alive socket per job in flight.
  maxSockets: config.workerConcurrency,
});

// PortOne V2 only with its secret; without it V2 jobs fail at once with provider_not_configured
// (retry them from the dashboard once configured) while V1 runs as ever.
const portone =
  config.portone.apiSecret === undefined
    ? undefined
    : new IdentityVerificationClient({
        apiUrl: config.portone.apiUrl,
        apiSecret: config.portone.apiSecret,
        ...(config.portone.storeId === undefined ? {} : { storeId: config.portone.storeId }),
        timeoutMs: config.portone.timeoutMs,
        maxSockets: config.workerConcurrency,
      });
if (portone === undefined) {
  logger.warn(
    { code: "provider_not_configured", provider: "portone" },
    "PORTONE_API_SECRET is not set: PortOne V2 verifications are disabled",
  );
}

const relay = relayRedis
  ? createOutboxRelay({
      pool,
      redis: relayRedis,
      stream: config.outcomeStream,
      maxLen: config.outcomeStreamMaxLen,
      logger: logger.child({ component: "relay" }),
    })
  : undefined;

// Jobs finishing together share one statement. With a relay in this process, each statement's
// new events are claimed by the insert and published by the relay right after the commit; its
// sweep only picks up what a crashed worker left behind.
const writer = createOutcomeWriter({ pool, relay, cipher });

const processor = createCertificationProcessor({
  iamport: client,
  portone,
  writer,
  readyRecheck: { timeoutMs: config.portone.readyTimeoutMs },
  age: { ageMin: config.ageMin, ageRule: config.ageRule },
  logger,
  hooks: metrics?.processorHooks,
});

const worker = createCertificationWorker(processor, {
  connection: bullConnection,
  prefix: config.queuePrefix,
  concurrency: config.workerConcurrency,
  // Stalled jobs (their worker died: kill -9, OOM, lost host). A job's lock lasts 15 s and is
  // renewed every 7.5 s while the job runs, however long the provider takes, so only a dead
  // worker (or one whose event loop froze for 15 s) lets it lapse. Every 15 s each worker moves
  // lapsed jobs back to wait: a crash delays its jobs by 15-30 s instead of BullMQ's default
  // 30-60 s. A job may stall 3 times before it fails as stalled: processing is idempotent
  // (replays write nothing), so re-running a job after a crash is safe, and only a job that
  // itself brings workers down should end up failed.
  lockDuration: 15_000,
  stalledInterval: 15_000,
  maxStalledCount: 3,
  telemetry: tracing.bullmq,
});
worker.on("error", (err) => logger.error({ err, code: "worker_error" }, "worker error"));
if (metrics) observeWorker(worker, metrics);

relay?.start();
const stopRetention =
  config.retentionDays === undefined
    ? undefined
    : startRetentionSweeps({
        pool,
        retentionDays: config.retentionDays,
        logger: logger.child({ component: "retention" }),
        ...(metrics && { erasures: metrics.erasures }),
      });
const metricsServer =
  metrics && (await startMetricsServer(metrics.registry, config.metricsPort ?? 0));
await Promise.all([worker.waitUntilReady(), connectionReady(tokenRedis)]);
logger.info(
  {
    concurrency: config.workerConcurrency,
    relay: relay !== undefined,
    tracing: tracing.enabled,
    portone: portone !== undefined,
    retentionDays: config.retentionDays,
    metricsPort: metricsServer?.port,
  },
  "ready",
);

onShutdownSignal({
  logger,
  // Room for the graceful steps after the worker's own deadline, before giving up.
  hardDeadlineMs: config.shutdownTimeoutMs + 10_000,
  steps: [
    {
      // Stop fetching; let jobs in flight finish within SHUTDOWN_TIMEOUT_MS. Past it, close
      // without waiting: the abandoned jobs' locks lapse and another worker takes them over.
      name: "worker",
      run: async () => {
        const closed = worker.close().then(() => true);
        const deadline = sleep(config.shutdownTimeoutMs, false, { ref: false });
        if (!(await Promise.race([closed, deadline]))) {
          logger.warn({ code: "shutdown_jobs_abandoned" }, "jobs still running; closing anyway");
          await worker.close(true);
        }
      },
    },
    { name: "retention", run: async () => stopRetention?.() },
    // A final flush publishes the outcomes the last jobs committed.
    { name: "relay", run: async () => relay?.stop() },
    { name: "metrics", run: async () => metricsServer?.close() },
    // After the relay: its last publications are exported too.
    { name: "tracing", run: () => tracing.shutdown() },
    { name: "provider clients", run: () => Promise.all([client.close(), portone?.close()]) },
    {
      name: "redis",
      run: () => Promise.all(Object.values(connections).map((r) => r.quit())),
    },
    { name: "postgres", run: () => pool.end() },
  ],
});
