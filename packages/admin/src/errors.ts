import { HttpError } from "@cert/http";
import { classifyRedisError } from "@cert/redis";
import type { ErrorRequestHandler } from "express";

/** A query parameter is malformed (page, pageSize). */
export class InvalidQueryError extends HttpError {
  override readonly name = "InvalidQueryError";

  constructor(parameter: string, problem: string) {
    super(400, "invalid_query", `${parameter} ${problem}`);
  }
}

/** `?queue=` names a queue this router does not serve. */
export class UnknownQueueError extends HttpError {
  override readonly name = "UnknownQueueError";

  constructor(queueName: string) {
    super(404, "unknown_queue", `No queue named ${JSON.stringify(queueName)}`);
  }
}

/** No job with this id (never existed, or removed by retention). */
export class JobNotFoundError extends HttpError {
  override readonly name = "JobNotFoundError";

  constructor(jobId: string) {
    super(404, "job_not_found", `No job with id ${JSON.stringify(jobId)}`);
  }
}

/** The job exists but is not in the failed set, so there is nothing to retry. */
export class JobNotFailedError extends HttpError {
  override readonly name = "JobNotFailedError";

  constructor(
    jobId: string,
    /** The job's current BullMQ state (waiting, active, completed, ...). */
    readonly state: string,
  ) {
    super(409, "job_not_failed", `Job ${JSON.stringify(jobId)} is ${state}, not failed`);
  }
}

/** `createAdminRouter` was given options it cannot work with; a programming error. */
export class AdminConfigError extends Error {
  override readonly name = "AdminConfigError";
  readonly code = "invalid_admin_config";
  readonly retryable = false;
}

/**
 * For routers whose every route is Redis work: an error that is not already an answer is Redis
 * not answering (503 through the JSON error handler), or a bug that stays a 500.
 */
export const classifyQueueErrors: ErrorRequestHandler = (error, _req, _res, next) => {
  next(error instanceof HttpError ? error : classifyRedisError(error));
};
