export interface PortOneErrorDetails {
  /** HTTP status of the provider's answer, when there was one. */
  readonly status?: number;
  /** The identity verification asked for, when the error concerns one. */
  readonly identityVerificationId?: string;
  /** The underlying error (network errors only; never a response body). */
  readonly cause?: unknown;
}

/**
 * Base of every error the PortOne V2 client throws. `retryable` says whether the same call can
 * succeed later without anyone changing anything; `code` is stable and safe to log. Messages
 * name at most the HTTP status, codes and the id: never personal data, the secret, response
 * bodies or `pgRawResponse`.
 */
export class PortOneError extends Error {
  override readonly name: string = "PortOneError";
  readonly code: string;
  readonly retryable: boolean;
  readonly status: number | undefined;
  readonly identityVerificationId: string | undefined;

  constructor(
    message: string,
    code: string,
    retryable: boolean,
    details: PortOneErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.retryable = retryable;
    this.status = details.status;
    this.identityVerificationId = details.identityVerificationId;
  }
}

/** " for <id> (HTTP 503)"-style suffix shared by the subclasses. */
export function contextOf(details: PortOneErrorDetails): string {
  const id = details.identityVerificationId;
  return [
    id === undefined ? "" : ` for ${id}`,
    details.status === undefined ? "" : ` (HTTP ${details.status})`,
  ].join("");
}
