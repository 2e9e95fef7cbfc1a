import { jsonErrorHandler, NotFoundError } from "@cert/http";
import type { Logger } from "@cert/logger";
import type { JobType, Queue } from "bullmq";
import { type Request, Router } from "express";
import { addEraseUserRoute, type EraseUser } from "./erase-user-route";
import { classifyQueueErrors, InvalidQueryError, UnknownQueueError } from "./errors";
import { toFailedJobView } from "./failed-job-view";
import { retryFailedBatch, retryFailedJob } from "./retry-failed-jobs";

export interface AdminApiOptions {
  /** Queues the API serves; the first is used when a request names none (`?queue=`). */
  queues: readonly Queue[];
  logger: Logger;
  /** Most jobs one `POST /failed/retry-all` moves back to waiting. */
  retryAllLimit: number;
  /** Serves `POST /users/:user_id/erase` when given. */
  erasure?: { eraseUser: EraseUser; onErased?: () => void };
}

/** Default and largest `pageSize` of `GET /failed`. */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

const COUNTED_STATES: JobType[] = [
  "waiting",
  "active",
  "delayed",
  "prioritized",
  "waiting-children",
  "completed",
  "failed",
];

function positiveInteger(req: Request, name: string, fallback: number, max: number): number {
  const raw = req.query[name];
  if (raw === undefined) return fallback;
  if (typeof raw !== "string" || !/^\d{1,9}$/.test(raw)) {
    throw new InvalidQueryError(name, "must be a positive integer");
  }
  const value = Number(raw);
  if (value < 1 || value > max) throw new InvalidQueryError(name, `must be between 1 and ${max}`);
  return value;
}

function queueFor(req: Request, queues: readonly Queue[]): Queue {
  const name = req.query.queue;
  if (name === undefined) return queues[0] as Queue;
  const queue = typeof name === "string" ? queues.find((q) => q.name === name) : undefined;
  if (!queue) throw new UnknownQueueError(String(name));
  return queue;
}

/**
 * The JSON admin API (mounted at `<basePath>/api` behind `requireAdmin`):
 * - `GET /counts`: job counts per queue.
 * - `GET /failed?page=1&pageSize=50[&queue=]`: failed jobs, newest failure first.
 * - `POST /failed/:id/retry`: retry one (404 unknown, 409 not failed).
 * - `POST /failed/retry-all`: retry at most `retryAllLimit`, report how many remain.
 * - `POST /users/:user_id/erase`: erase a person (with `erasure`; see erase-user-route.ts).
 */
export function createAdminApi(options: AdminApiOptions): Router {
  const { queues, logger, retryAllLimit } = options;
  const router = Router();

  router.get("/counts", async (_req, res) => {
    const counts = await Promise.all(
      queues.map(async (queue) => ({
        name: queue.name,
        paused: await queue.isPaused(),
        counts: await queue.getJobCounts(...COUNTED_STATES),
      })),
    );
    res.json({ queues: counts });
  });

  router.get("/failed", async (req, res) => {
    const queue = queueFor(req, queues);
    const page = positiveInteger(req, "page", 1, 1_000_000);
    const pageSize = positiveInteger(req, "pageSize", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    const start = (page - 1) * pageSize;
    const [total, jobs] = await Promise.all([
      queue.getFailedCount(),
      queue.getFailed(start, start + pageSize - 1),
    ]);
    res.json({ queue: queue.name, page, pageSize, total, jobs: jobs.map(toFailedJobView) });
  });

  router.post("/failed/retry-all", async (req, res) => {
    const queue = queueFor(req, queues);
    const result = await retryFailedBatch(queue, retryAllLimit);
    logger.info(
      { queue: queue.name, ...result, limit: retryAllLimit },
      "admin retried failed jobs",
    );
    res.json({ queue: queue.name, limit: retryAllLimit, ...result });
  });

  router.post("/failed/:id/retry", async (req, res) => {
    const queue = queueFor(req, queues);
    const jobId = req.params.id;
    await retryFailedJob(queue, jobId);
    logger.info({ queue: queue.name, jobId }, "admin retried a failed job");
    res.json({ queue: queue.name, id: jobId, retried: true });
  });

  if (options.erasure) addEraseUserRoute(router, { ...options.erasure, logger });

  router.use((_req, _res, next) => {
    next(new NotFoundError("No such admin API route"));
  });
  router.use(classifyQueueErrors);
  router.use(jsonErrorHandler(logger));
  return router;
}
