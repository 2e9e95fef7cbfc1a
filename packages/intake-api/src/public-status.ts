import type { CertificationJobState } from "@cert/queue";

/** The status a client sees. */
export type PublicStatus = "queued" | "processing" | "completed" | "failed";

/**
 * Maps BullMQ's states onto the four the API exposes. Every state where the job waits for its
 * turn (waiting, delayed for a retry backoff, prioritized, waiting for children) is `queued`.
 * `unknown` means the job was removed between two reads; it then counts as queued because an
 * add just (re)created it or is about to.
 */
export function toPublicStatus(state: CertificationJobState): PublicStatus {
  switch (state) {
    case "active":
      return "processing";
    case "completed":
      return "completed";
    case "failed":
      return "failed";
    default:
      return "queued";
  }
}

/** A failure code: lower-case words joined by underscores, like the worker's failure codes. */
const SAFE_CODE = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * The error code shown for a failed job. The worker fails jobs with a bare safe code as the
 * message (e.g. `provider_auth_failed`); anything else (BullMQ's own reasons, a message from an
 * unexpected error that might quote data) is reduced to a generic code and never shown.
 */
export function safeErrorCode(failedReason: string | undefined): string {
  if (failedReason !== undefined && SAFE_CODE.test(failedReason)) return failedReason;
  if (failedReason !== undefined && /stalled/i.test(failedReason)) return "job_stalled";
  return "job_failed";
}
