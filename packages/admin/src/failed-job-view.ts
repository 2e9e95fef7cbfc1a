import type { Job } from "bullmq";

/** The only job data an operator ever sees: `{imp_uid}`, whatever else a job might carry. */
export function pickImpUid(data: unknown): { imp_uid?: string } {
  const impUid = (data as { imp_uid?: unknown } | null | undefined)?.imp_uid;
  return typeof impUid === "string" ? { imp_uid: impUid } : {};
}

/** One failed job as `/admin/api/failed` lists it. */
export interface FailedJobView {
  id: string;
  imp_uid: string | null;
  /**
   * Why the last attempt failed. The worker fails jobs with stable error codes whose messages
   * never contain personal data (by design of its error classes), so this is shown as is.
   */
  failedReason: string | null;
  attemptsMade: number;
  /** ISO 8601 timestamps; null when BullMQ did not record the moment. */
  createdAt: string | null;
  processedAt: string | null;
  finishedAt: string | null;
}

function isoOrNull(epochMs: number | undefined): string | null {
  return typeof epochMs === "number" && epochMs > 0 ? new Date(epochMs).toISOString() : null;
}

/** Reduces a BullMQ job to the fields an operator needs to triage it. */
export function toFailedJobView(job: Job): FailedJobView {
  return {
    id: String(job.id),
    imp_uid: pickImpUid(job.data).imp_uid ?? null,
    failedReason: job.failedReason || null,
    attemptsMade: job.attemptsMade,
    createdAt: isoOrNull(job.timestamp),
    processedAt: isoOrNull(job.processedOn),
    finishedAt: isoOrNull(job.finishedOn),
  };
}
