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
