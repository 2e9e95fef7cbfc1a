import { contextOf, PortOneError, type PortOneErrorDetails } from "./portone-error";

/** HTTP 429. Retryable after `retryAfterMs` (from `Retry-After`, else the client's default). */
export class PortOneRateLimitError extends PortOneError {
  override readonly name = "PortOneRateLimitError";
  readonly retryAfterMs: number;

  constructor(retryAfterMs: number, details: PortOneErrorDetails = {}) {
    super(
      `PortOne rate limit${contextOf({ ...details, status: 429 })}, retry after ${retryAfterMs} ms`,
      "rate_limited",
      true,
      { ...details, status: 429 },
    );
    this.retryAfterMs = retryAfterMs;
  }
}
