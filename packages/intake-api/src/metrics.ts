import type { CertificationQueue } from "@cert/queue";
import { userErasuresCounter } from "@cert/telemetry";
import type { Request, RequestHandler, Response } from "express";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { withDeadline } from "./deadline";

/** BullMQ states reported by the `cert_queue_jobs` gauge. */
const QUEUE_STATES = [
  "waiting",
  "prioritized",
  "delayed",
  "waiting-children",
  "active",
  "completed",
  "failed",
] as const;

/** Intake's Prometheus metrics, registered on one {@link Registry}. */
export interface IntakeMetrics {
  /** Where all of them are registered (what `/metrics` serves). */
  readonly registry: Registry;
  /** Submissions that added a job. */
  readonly accepted: Counter;
  /** Submissions of an imp_uid whose job was still retained (nothing added). */
  readonly duplicates: Counter;
  /** Submissions answered with an error, by error code. */
  readonly rejected: Counter<"code">;
  /** People erased (their personal data removed); incremented by whatever erases them. */
  readonly erasures: Counter;
  /**
   * Counts and times a request by method, route pattern and status once it finishes; called by
   * the app's one per-request middleware.
   */
  readonly observe: (req: Request, res: Response) => void;
}

export interface IntakeMetricsOptions {
  /** Queue whose job counts are reported at scrape time. */
  queue: CertificationQueue;
  /** Registry to add the metrics to. Default: a new one, so several apps in one process never clash. */
  registry?: Registry;
  /** Longest wait for the job counts at scrape time, in ms. Default 1000. */
  queueCountsTimeoutMs?: number;
}

/**
 * The route pattern a request matched (`/certifications/:imp_uid`), never the raw URL: ids in
 * label values would make one time series per imp_uid.
 */
function routeLabel(req: Request): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof pattern === "string") return `${req.baseUrl}${pattern}`;
  // Mounted routers that serve files without a route (the admin dashboard's assets).
  return req.baseUrl === "" ? "unmatched" : `${req.baseUrl}/*`;
}

/**
 * Creates the metrics: Node's default process metrics, HTTP requests (counter and latency
 * histogram), intake outcomes, and the queue's job counts read when Prometheus scrapes (a Redis
 * outage leaves those out and sets `cert_queue_counts_up` to 0 instead of failing the scrape).
 */
export function createIntakeMetrics(options: IntakeMetricsOptions): IntakeMetrics {
  const { queue, registry = new Registry(), queueCountsTimeoutMs = 1000 } = options;
  const registers = [registry];
  collectDefaultMetrics({ register: registry });

  const requests = new Counter({
    name: "http_requests_total",
    help: "HTTP requests by method, route pattern and status code",
    labelNames: ["method", "route", "status_code"] as const,
    registers,
  });
  const duration = new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP request latency by method, route pattern and status code",
    labelNames: ["method", "route", "status_code"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });
  const queueUp = new Gauge({
    name: "cert_queue_counts_up",
    help: "1 when the last scrape could read the queue's job counts from Redis, else 0",
    registers,
  });
  new Gauge({
    name: "cert_queue_jobs",
    help: "Certification jobs in each BullMQ state, read at scrape time",
    labelNames: ["state"] as const,
    registers,
    async collect() {
      this.reset();
      try {
        const counts = await withDeadline(
          queue.getJobCounts(...QUEUE_STATES),
          queueCountsTimeoutMs,
          "queue job counts",
        );
        for (const state of QUEUE_STATES) this.set({ state }, counts[state] ?? 0);
        queueUp.set(1);
      } catch {
        queueUp.set(0);
      }
    },
  });

  const observe = (req: Request, res: Response) => {
    const start = process.hrtime.bigint();
    // `on`, not `once`: "finish" is emitted once anyway, and `once` wraps the listener.
    res.on("finish", () => {
      const labels = { method: req.method, route: routeLabel(req), status_code: res.statusCode };
      requests.inc(labels);
      duration.observe(labels, Number(process.hrtime.bigint() - start) / 1e9);
    });
  };

  return {
    registry,
    accepted: new Counter({
      name: "cert_intake_accepted_total",
      help: "Submissions that enqueued a new certification job",
      registers,
    }),
    duplicates: new Counter({
      name: "cert_intake_duplicates_total",
      help: "Submissions of an imp_uid whose job is still retained (nothing enqueued)",
      registers,
    }),
    rejected: new Counter({
      name: "cert_intake_rejected_total",
      help: "Submissions answered with an error, by error code",
      labelNames: ["code"] as const,
      registers,
    }),
    erasures: userErasuresCounter(registry),
    observe,
  };
}

/** `GET /metrics`: the registry in Prometheus text format. */
export function metricsHandler(registry: Registry): RequestHandler {
  return async (_req, res) => {
    const body = await registry.metrics();
    res.setHeader("Content-Type", registry.contentType);
    res.send(body);
  };
}
