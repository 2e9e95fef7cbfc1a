import { contextOf, IamportError, type IamportErrorDetails } from "./iamport-error";

/** HTTP 429. Retryable after `retryAfterMs` (from `Retry-After`, else the client's default). */
export class IamportRateLimitError extends IamportError {
  override readonly name = "IamportRateLimitError";
  readonly retryAfterMs: number;

  constructor(retryAfterMs: number, details: IamportErrorDetails = {}) {
    super(
      `i'mport rate limit${contextOf({ ...details, status: 429 })}, retry after ${retryAfterMs} ms`,
      "rate_limited",
      true,
      { ...details, status: 429 },
    );
    this.retryAfterMs = retryAfterMs;
  }
}
