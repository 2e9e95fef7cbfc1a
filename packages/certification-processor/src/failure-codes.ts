/**
 * The safe reason codes a certification job can fail or be retried with. They become the
 * job's `failedReason` (shown by the status route and the dashboard) and metric labels, so
 * they carry no personal data and never change meaning.
 */
export const FAILURE_CODES = {
  /** The provider rejected the API key or secret: a configuration problem, retrying cannot help. */
  providerAuthFailed: "provider_auth_failed",
  /** The provider answered something that is not a usable certification. */
  providerInvalidResponse: "provider_invalid_response",
  /** The provider refused the request for a reason retrying cannot change (a known-permanent code). */
  providerRejected: "provider_rejected",
  /** The provider failed, timed out or was unreachable; a later attempt may succeed. */
  providerUnavailable: "provider_unavailable",
  /** The provider asked us to slow down (HTTP 429). */
  providerRateLimited: "provider_rate_limited",
  /** The circuit breaker is open: the provider failed repeatedly, calls are held back. */
  providerCircuitOpen: "provider_circuit_open",
  /**
   * The job's provider has no credentials in this worker (PortOne V2 without
   * `PORTONE_API_SECRET`): retry it from the dashboard once configured.
   */
  providerNotConfigured: "provider_not_configured",
  /** A V2 verification is still `READY`: fetched again later (a log code, never a failedReason). */
  verificationPending: "verification_pending",
  /** Postgres could not be reached or dropped the connection; a later attempt may succeed. */
  databaseUnavailable: "database_unavailable",
  /** Postgres refused the data itself (constraint, value out of range): retrying cannot help. */
  databaseRejected: "database_rejected",
  /** The job's payload is not `{ provider, id }` (or a legacy `{ imp_uid }`) with a well-formed id: it was not enqueued by intake. */
  invalidJobData: "invalid_job_data",
  /** Anything unexpected: retried within the attempt budget, then failed with this code. */
  internalError: "internal_error",
} as const;

export type FailureCode = (typeof FAILURE_CODES)[keyof typeof FAILURE_CODES];
