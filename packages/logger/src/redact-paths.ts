/** What replaces a redacted value. */
export const REDACTED = "[redacted]";

/**
 * Keys whose values are personal data (the provider's certification fields, in snake and camel
 * case) or secrets. Redacted at the top level and one or two objects deep, which covers
 * `log.info(certification)`, `log.info({ cert })` and `log.info({ job: { data } })`.
 */
export const SENSITIVE_KEYS = [
  // personal data of a certification
  "name",
  "birthday",
  "birth",
  "phone",
  "unique_key",
  "unique_in_site",
  "uniqueKey",
  "uniqueInSite",
  // the same as stored (ciphertexts, the CI's lookup hash) and as PortOne V2 names them
  "ci",
  "di",
  "ci_hash",
  "ciHash",
  "phoneNumber",
  "birthDate",
  // secrets
  "imp_key",
  "imp_secret",
  "apiKey",
  "apiSecret",
  "access_token",
  "accessToken",
  "adminToken",
  "PII_ENCRYPTION_KEYS",
  "PII_HMAC_KEY",
  "pii",
  "password",
  "authorization",
  "Authorization",
  // whole provider payloads: anything personal could be inside
  "certification",
  "response",
] as const;

/** Headers carrying credentials, redacted wherever a `headers` object appears (up to `*.*.headers`). */
const SENSITIVE_HEADERS = ["authorization", "Authorization", "cookie", "Cookie", '"set-cookie"'];

const depths = ["", "*.", "*.*."];

/**
 * pino `redact.paths`: every {@link SENSITIVE_KEYS} entry at depths 0-2, and credential headers
 * of `req.headers` (and any other `headers` object up to two levels deep).
 */
export const redactPaths: readonly string[] = Object.freeze([
  ...depths.flatMap((prefix) => SENSITIVE_KEYS.map((key) => `${prefix}${key}`)),
  ...depths.flatMap((prefix) =>
    SENSITIVE_HEADERS.map((header) =>
      header.startsWith('"') ? `${prefix}headers[${header}]` : `${prefix}headers.${header}`,
    ),
  ),
]);
