import type { Job } from "bullmq";

/** What of a job's data an operator ever sees (nothing, for data of no known form). */
export type ShownJobData =
  | { provider: string; id: string; imp_uid?: never }
  | { imp_uid: string; provider?: never }
  | { provider?: never; imp_uid?: never };

const PROVIDERS = new Set(["iamport", "portone"]);

/**
 * The only job data an operator ever sees, whatever else a job might carry: `{provider, id}`,
 * or `{imp_uid}` for a job queued before PortOne V2 was supported.
 */
export function pickJobData(data: unknown): ShownJobData {
  const { provider, id, imp_uid: impUid } = (data ?? {}) as Record<string, unknown>;
  if (typeof provider === "string" && PROVIDERS.has(provider) && typeof id === "string") {
    return { provider, id };
  }
  return typeof impUid === "string" ? { imp_uid: impUid } : {};
}

/** One failed job as `/admin/api/failed` lists it. */
export interface FailedJobView {
  id: string;
  /** `iamport` (V1) or `portone` (V2); null for a job whose data is neither. */
  provider: string | null;
  /** The imp_uid or the identityVerificationId. */
  verification_id: string | null;
  /** V1 jobs only (kept for operators' V1 tooling). */
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

/** The provider and id of a job's data, legacy `{imp_uid}` read as i'mport. */
function verificationOf(data: unknown): { provider: string; id: string } | null {
  const shown = pickJobData(data);
  if (shown.provider !== undefined) return { provider: shown.provider, id: shown.id };
  if (shown.imp_uid !== undefined) return { provider: "iamport", id: shown.imp_uid };
  return null;
}

/** Reduces a BullMQ job to the fields an operator needs to triage it. */
export function toFailedJobView(job: Job): FailedJobView {
  const verification = verificationOf(job.data);
  return {
    id: String(job.id),
    provider: verification?.provider ?? null,
    verification_id: verification?.id ?? null,
    imp_uid: verification?.provider === "iamport" ? verification.id : null,
    failedReason: job.failedReason || null,
    attemptsMade: job.attemptsMade,
    createdAt: isoOrNull(job.timestamp),
    processedAt: isoOrNull(job.processedOn),
    finishedAt: isoOrNull(job.finishedOn),
  };
}
