import { hkdfSync } from "node:crypto";
import { PiiDecryptError } from "./errors";
import { open, parseSealed, seal } from "./sealed-value";

/**
 * Sealing of a provider access token cached in Redis. Anyone who reads that key could fetch
 * any person's certification with the token, so it is stored encrypted under a key derived
 * from the provider secret: a process that can use the provider anyway can open it, a reader
 * of Redis alone cannot. Same envelope as the personal columns, with its own key id and AAD.
 */

const KEY_ID = "provider-token";
/** HKDF info: binds the derived key to this one use, so it never doubles as another key. */
const HKDF_INFO = "cert-intake/provider-access-token/v1";
const HKDF_SALT = "cert-intake";

export interface ProviderTokenSealer {
  /** Encrypts a token for the cache. */
  seal(token: string): string;
  /**
   * Opens a cached value; undefined when it was sealed under another secret (rotated), was
   * altered, or is not in the format. Callers treat that as a cache miss and fetch a token.
   */
  open(value: string): string | undefined;
}

/**
 * A seal/open pair keyed by HKDF-SHA256 of `providerSecret`. `context` (e.g. `iamport`) goes
 * into the AAD so one provider's cached token never opens as another's.
 */
export function providerTokenSealer(providerSecret: string, context: string): ProviderTokenSealer {
  const key = Buffer.from(hkdfSync("sha256", providerSecret, HKDF_SALT, HKDF_INFO, 32));
  const aad = `provider-token.${context}`;
  return {
    seal: (token) => seal(KEY_ID, key, aad, token),
    open: (value) => {
      try {
        const parsed = parseSealed(value, aad);
        return parsed.keyId === KEY_ID ? open(parsed, key, aad) : undefined;
      } catch (error) {
        if (error instanceof PiiDecryptError) return undefined;
        throw error;
      }
    },
  };
}
