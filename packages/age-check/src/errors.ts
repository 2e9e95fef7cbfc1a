/**
 * Raised when an age-check input is malformed (a date that is not a real `YYYY-MM-DD` calendar
 * day, a negative minimum age). Retrying the same input cannot help, so `retryable` is false.
 * Messages name the argument, never its value: birthdays are personal data.
 */
export class AgeCheckInputError extends Error {
  override readonly name = "AgeCheckInputError";
  readonly retryable = false;

  constructor(
    /** Stable machine-readable code, safe to log. */
    readonly code:
      | "invalid_birthday"
      | "invalid_reference_date"
      | "invalid_age_min"
      | "invalid_instant"
      | "missing_check",
    message: string,
  ) {
    super(message);
  }
}
