import type { FailureCode } from "./failure-codes";

/**
 * Thrown to BullMQ for a failure another attempt may fix. The message is the safe code alone,
 * because BullMQ stores the message as the job's `failedReason` and the stack trace next to it;
 * the original error (which may quote provider or database text) is kept only as `cause`,
 * which BullMQ does not persist.
 */
export class RetryableJobError extends Error {
  override readonly name = "RetryableJobError";
  readonly retryable = true;

  constructor(
    /** Stable, safe reason code. */
    readonly code: FailureCode,
    options?: { cause?: unknown },
  ) {
    super(code, options);
  }
}

/**
 * The job's payload is not `{ provider, id }` with a well-formed id (nor a legacy `{ imp_uid }`).
 * Intake validates before enqueueing, so this is a job added by hand or by another producer; no
 * attempt can fix it.
 */
export class InvalidJobDataError extends Error {
  override readonly name = "InvalidJobDataError";
  readonly code = "invalid_job_data";
  readonly retryable = false;

  constructor() {
    super("job data is not { provider, id } with a well-formed id");
  }
}

/**
 * The job's provider has no credentials in this worker (a V2 job without `PORTONE_API_SECRET`).
 * No attempt can fix it until an operator configures the provider and retries the job.
 */
export class ProviderNotConfiguredError extends Error {
  override readonly name = "ProviderNotConfiguredError";
  readonly code = "provider_not_configured";
  readonly retryable = false;

  constructor(readonly provider: string) {
    super(`provider ${provider} is not configured in this worker`);
  }
}
