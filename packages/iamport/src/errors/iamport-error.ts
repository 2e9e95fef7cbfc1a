export interface IamportErrorDetails {
  /** HTTP status of the provider's answer, when there was one. */
  readonly status?: number;
  /** The certification asked for, when the error concerns one. */
  readonly impUid?: string;
  /** The underlying error (network errors only; never a response body). */
  readonly cause?: unknown;
}

/**
 * Base of every error the i'mport client throws. `retryable` says whether the same call can
 * succeed later without anyone changing anything; `code` is stable and safe to log or
 * aggregate. Messages name at most the HTTP status, codes and the imp_uid: never personal data,
 * tokens, secrets or response bodies.
 */
export class IamportError extends Error {
  override readonly name: string = "IamportError";
  readonly code: string;
  readonly retryable: boolean;
  readonly status: number | undefined;
  readonly impUid: string | undefined;

  constructor(
    message: string,
    code: string,
    retryable: boolean,
    details: IamportErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.retryable = retryable;
    this.status = details.status;
    this.impUid = details.impUid;
  }
}

/** "for imp_123 (HTTP 503)"-style suffix shared by the subclasses. */
export function contextOf(details: IamportErrorDetails): string {
  const parts = [
    details.impUid === undefined ? "" : ` for ${details.impUid}`,
    details.status === undefined ? "" : ` (HTTP ${details.status})`,
  ];
  return parts.join("");
}
