import { randomBytes } from "node:crypto";

/** Both key variables, as environment values. */
export interface GeneratedKeys {
  PII_ENCRYPTION_KEYS: string;
  PII_HMAC_KEY: string;
}

/**
 * Fresh random keys for the demo, tests and the bench, which must run without an operator's
 * keys. The result is for an environment object only: never print or log it.
 */
export function generateKeys(keyId = "k1"): GeneratedKeys {
  return {
    PII_ENCRYPTION_KEYS: `${keyId}:${randomBytes(32).toString("base64")}`,
    PII_HMAC_KEY: randomBytes(32).toString("base64"),
  };
}
