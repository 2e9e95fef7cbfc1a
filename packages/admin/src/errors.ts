/**
 * An error the admin surface answers with `{"error":{"code","message"}}` and `status`.
 * Messages name what is wrong (a job id, a query parameter), never a token or job data.
 */
export class AdminHttpError extends Error {
  override readonly name: string = "AdminHttpError";

  constructor(
    /** HTTP status the error is answered with. */
    readonly status: number,
    /** Stable machine-readable code, safe to log. */
    readonly code: string,
    message: string,
    /** Whether sending the same request again later can succeed. */
    readonly retryable = false,
  ) {
    super(message);
  }
}

/** Missing or wrong credentials. Retrying with the same credentials cannot help. */
export class UnauthorizedError extends AdminHttpError {
  override readonly name = "UnauthorizedError";

  constructor() {
    super(401, "unauthorized", "A valid admin bearer token is required");
  }
}

/** A query parameter is malformed (page, pageSize). */
export class InvalidQueryError extends AdminHttpError {
  override readonly name = "InvalidQueryError";

  constructor(parameter: string, problem: string) {
    super(400, "invalid_query", `${parameter} ${problem}`);
  }
}

/** `?queue=` names a queue this router does not serve. */
export class UnknownQueueError extends AdminHttpError {
  override readonly name = "UnknownQueueError";

  constructor(queueName: string) {
    super(404, "unknown_queue", `No queue named ${JSON.stringify(queueName)}`);
  }
}

/** No job with this id (never existed, or removed by retention). */
export class JobNotFoundError extends AdminHttpError {
  override readonly name = "JobNotFoundError";

  constructor(jobId: string) {
    super(404, "job_not_found", `No job with id ${JSON.stringify(jobId)}`);
  }
}

/** The job exists but is not in the failed set, so there is nothing to retry. */
export class JobNotFailedError extends AdminHttpError {
  override readonly name = "JobNotFailedError";

  constructor(
    jobId: string,
    /** The job's current BullMQ state (waiting, active, completed, ...). */
    readonly state: string,
  ) {
    super(409, "job_not_failed", `Job ${JSON.stringify(jobId)} is ${state}, not failed`);
  }
}

/** Redis did not answer; the same request can succeed once it is back. */
export class AdminQueueUnavailableError extends AdminHttpError {
  override readonly name = "AdminQueueUnavailableError";
  /** Seconds a client should wait before trying again (sent as `Retry-After`). */
  readonly retryAfterSeconds = 5;

  constructor() {
    super(503, "queue_unavailable", "The queue store (Redis) is unavailable", true);
  }
}

/** `createAdminRouter` was given options it cannot work with; a programming error. */
export class AdminConfigError extends Error {
  override readonly name = "AdminConfigError";
  readonly code = "invalid_admin_config";
  readonly retryable = false;
}
