import type {
  BreakerState,
  CertificationWorker,
  FailureCode,
  ProcessorHooks,
  ProviderCallResult,
} from "@cert/certification-processor";
import type { Queryable } from "@cert/db";
import { outboxLagSeconds } from "@cert/outbox";
import { userErasuresCounter } from "@cert/telemetry";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/** The processor's failure codes pass as they are; BullMQ's own reasons become two fixed labels. */
function codeLabel(failedReason: string): string {
  if (/^[a-z][a-z0-9_]{0,63}$/.test(failedReason)) return failedReason;
  return /stalled/i.test(failedReason) ? "job_stalled" : "job_failed";
}

/** Numeric breaker state for the gauge: 0 closed, 1 half open, 2 open. */
const BREAKER_VALUES: Record<BreakerState, number> = { closed: 0, half_open: 1, open: 2 };

export interface WorkerMetrics {
  readonly registry: Registry;
  /** Hooks for the processor (provider calls, breaker state, retry decisions), by provider. */
  readonly processorHooks: ProcessorHooks;
  /** `cert_user_erasures_total`: people erased by this process's retention sweeps. */
  readonly erasures: Counter;
  jobCompleted(outcome: string, durationSeconds: number | undefined): void;
  /** A job that reached the failed set (no attempts left, or unrecoverable), by its failedReason. */
  jobFailed(failedReason: FailureCode | string, durationSeconds: number | undefined): void;
}

export interface WorkerMetricsOptions {
  /** The database holding `outcome_events`, for the outbox lag read at scrape time. */
  readonly pool: Queryable;
}

/**
 * The worker's Prometheus metrics, on a registry of its own. Labels are provider, outcome and
 * safe codes only, never a verification id (unbounded cardinality) or anything personal.
 * Names follow Prometheus conventions: base units (seconds), `_total` on counters only.
 */
export function createWorkerMetrics(options: WorkerMetricsOptions): WorkerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const completed = new Counter({
    name: "cert_worker_jobs_completed_total",
    help: "Certification jobs completed, by outcome.",
    labelNames: ["outcome"],
    registers,
  });
  const failed = new Counter({
    name: "cert_worker_jobs_failed_total",
    help: "Certification jobs moved to the failed set, by reason code.",
    labelNames: ["code"],
    registers,
  });
  const duration = new Histogram({
    name: "cert_worker_job_duration_seconds",
    help: "Time from a job's last start to its end (completed or failed).",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const providerCalls = new Counter({
    name: "cert_provider_calls_total",
    help: "Provider calls by provider and result (rate_limited: a 429; short_circuited: refused by the open breaker).",
    labelNames: ["provider", "result"],
    registers,
  });
  const providerLatency = new Histogram({
    name: "cert_provider_call_duration_seconds",
    help: "Provider call latency by provider and result (retries inside one call included).",
    labelNames: ["provider", "result"],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const decisions = new Counter({
    name: "cert_worker_retry_decisions_total",
    help: "Failed attempts, by retry-policy decision and code.",
    labelNames: ["action", "code"],
    registers,
  });
  const breaker = new Gauge({
    name: "cert_provider_breaker_state",
    help: "Provider circuit breaker by provider: 0 closed, 1 half open, 2 open.",
    labelNames: ["provider"],
    registers,
  });
  // Erasures by a retention sweep in this process are counted here.
  const erasures = userErasuresCounter(registry);
  new Gauge({
    name: "cert_outbox_lag_seconds",
    help: "Age of the oldest outcome event not yet published to the stream (0 when none), read at scrape time.",
    registers,
    async collect() {
      // Left out of the scrape while Postgres does not answer, rather than failing it.
      this.reset();
      try {
        this.set(await outboxLagSeconds(options.pool));
      } catch {}
    },
  });
  for (const provider of ["iamport", "portone"] as const) breaker.set({ provider }, 0);

  const observeDuration = (seconds: number | undefined) => {
    if (seconds !== undefined && seconds >= 0) duration.observe(seconds);
  };

  return {
    registry,
    erasures,
    processorHooks: {
      onProviderCall: (result: ProviderCallResult, provider, seconds) => {
        providerCalls.inc({ provider, result });
        // A refusal by the open breaker is no call to the provider: no latency.
        if (result !== "short_circuited") providerLatency.observe({ provider, result }, seconds);
      },
      onBreakerStateChange: (state, provider) => breaker.set({ provider }, BREAKER_VALUES[state]),
      onRetryDecision: (decision) =>
        decisions.inc({ action: decision.action, code: decision.code }),
    },
    jobCompleted(outcome, seconds) {
      completed.inc({ outcome });
      observeDuration(seconds);
    },
    jobFailed(failedReason, seconds) {
      failed.inc({ code: codeLabel(failedReason) });
      observeDuration(seconds);
    },
  };
}

function secondsOf(job: { processedOn?: number; finishedOn?: number }): number | undefined {
  if (job.processedOn === undefined || job.finishedOn === undefined) return undefined;
  return (job.finishedOn - job.processedOn) / 1000;
}

/** Counts the worker's finished jobs: completions by outcome, failures that reached the failed set. */
export function observeWorker(worker: CertificationWorker, metrics: WorkerMetrics): void {
  worker.on("completed", (job, result) => metrics.jobCompleted(result.outcome, secondsOf(job)));
  worker.on("failed", (job, err) => {
    // BullMQ emits "failed" for every failed attempt; only a final failure sets finishedOn.
    if (job && job.finishedOn !== undefined) metrics.jobFailed(err.message, secondsOf(job));
  });
}
