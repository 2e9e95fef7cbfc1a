/**
 * Errors of this package. Messages name a variable, a column or what is wrong, never a key,
 * a plaintext or a ciphertext: they end up in logs and start-up lines. None is retryable:
 * the same key text or the same stored value fails the same way every time.
 */

/** A key variable (`PII_ENCRYPTION_KEYS`, `PII_HMAC_KEY`) is missing or malformed. */
export class PiiKeyError extends Error {
  override readonly name = "PiiKeyError";
  readonly retryable = false;

  constructor(
    /** The environment variable at fault, e.g. `PII_ENCRYPTION_KEYS`. */
    readonly variable: string,
    /** Stable machine-readable code, safe to log. */
    readonly code:
      | "missing"
      | "bad_key_id"
      | "duplicate_key_id"
      | "not_base64"
      | "wrong_length"
      | "too_short",
    /** What is wrong, without the value; the message is `<variable>: <detail>`. */
    readonly detail: string,
  ) {
    super(`${variable}: ${detail}`);
  }
}

/** A stored value cannot be decrypted: malformed, under an unknown key, or altered. */
export class PiiDecryptError extends Error {
  override readonly name = "PiiDecryptError";
  readonly retryable = false;

  constructor(
    /** Stable machine-readable code, safe to log. */
    readonly code: "malformed" | "unknown_key" | "authentication_failed",
    /** The AAD context the value was read for (e.g. `users.name`). */
    readonly context: string,
    message: string,
  ) {
    super(`${context}: ${message}`);
  }
}

/** A value handed to `encrypt` cannot be stored faithfully (unknown column, broken UTF-16). */
export class PiiInputError extends Error {
  override readonly name = "PiiInputError";
  readonly retryable = false;

  constructor(
    readonly code: "unknown_column" | "not_well_formed",
    message: string,
  ) {
    super(message);
  }
}
