/**
 * The value given as an imp_uid is not `imp_` followed by digits (at most 32 characters).
 * The message does not echo the value: it is untrusted input. The API answers it with
 * `400 invalid_imp_uid`.
 */
export class InvalidImpUidError extends Error {
  override readonly name = "InvalidImpUidError";
  readonly code = "invalid_imp_uid";
  /** The same input will always be invalid. */
  readonly retryable = false;

  constructor() {
    super("imp_uid must be imp_ followed by digits, at most 32 characters");
  }
}

/**
 * The value given as a PortOne V2 identityVerificationId is not 1 to 128 characters of
 * `A-Z a-z 0-9 . _ ~ -`. Not echoed (untrusted input); answered `400 invalid_identity_verification_id`.
 */
export class InvalidIdentityVerificationIdError extends Error {
  override readonly name = "InvalidIdentityVerificationIdError";
  readonly code = "invalid_identity_verification_id";
  readonly retryable = false;

  constructor() {
    super("identityVerificationId must be 1 to 128 characters of A-Z a-z 0-9 . _ ~ -");
  }
}

/** Either provider's malformed-id error. */
export type InvalidVerificationIdError = InvalidImpUidError | InvalidIdentityVerificationIdError;
