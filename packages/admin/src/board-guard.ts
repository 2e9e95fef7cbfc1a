import { ForbiddenError } from "@cert/http";
import type { Logger } from "@cert/logger";
import type { Queue } from "bullmq";
import { Router } from "express";
import { classifyQueueErrors, UnknownQueueError } from "./errors";
import { isSafeMethod } from "./origin-check";
import { retryFailedBatch, retryFailedJob } from "./retry-failed-jobs";

export interface BoardGuardOptions {
  queues: readonly Queue[];
  logger: Logger;
  /** Most failed jobs one "retry all" moves back to waiting. */
  retryAllLimit: number;
}

/**
 * Stands in front of bull-board's backend (mount it on the board's path, before the board) so
 * the dashboard can inspect and retry, and nothing else, whatever its UI offers:
 * - reads (GET, HEAD) go through to the board;
 * - its two retry actions are answered here, with the admin API's own retry (failed jobs only,
 *   attempts reset): `PUT api/queues/:queue/:jobId/retry` and `PUT api/queues/:queue/retry/failed`;
 * - every other change is refused `403 admin_action_forbidden` before the board sees it: clean,
 *   empty, obliterate, pause and resume (one queue or all), add job, edit data, delay or
 *   priority, promote, retry of completed jobs, concurrency and rate-limit changes, job-scheduler
 *   changes, history purge, and whatever a newer bull-board adds (an allowlist, not a denylist).
 *
 * bull-board's own `readOnlyMode` is no use here: it also hides and refuses retries.
 */
export function createBoardGuard(options: BoardGuardOptions): Router {
  const { queues, logger, retryAllLimit } = options;
  const queueNamed = (name: string): Queue => {
    const queue = queues.find((candidate) => candidate.name === name);
    if (!queue) throw new UnknownQueueError(name);
    return queue;
  };
  const router = Router();

  router.put("/api/queues/:queueName/retry/failed", async (req, res) => {
    const queue = queueNamed(req.params.queueName);
    const { retried, remaining } = await retryFailedBatch(queue, retryAllLimit);
    logger.info({ queue: queue.name, retried, remaining }, "admin retried failed jobs (dashboard)");
    res.json({ retried, skipped: remaining });
  });

  router.put("/api/queues/:queueName/:jobId/retry", async (req, res) => {
    const queue = queueNamed(req.params.queueName);
    await retryFailedJob(queue, req.params.jobId);
    logger.info({ queue: queue.name, jobId: req.params.jobId }, "admin retried a failed job");
    res.status(204).end();
  });

  router.use((req, _res, next) => {
    if (isSafeMethod(req.method)) return next();
    logger.warn(
      { method: req.method, path: req.originalUrl.split("?")[0], ip: req.ip },
      "admin dashboard action refused",
    );
    next(new ForbiddenError("admin_action_forbidden", "The dashboard can inspect and retry only"));
  });
  router.use(classifyQueueErrors);
  return router;
}
