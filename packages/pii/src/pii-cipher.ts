import { createHmac } from "node:crypto";
import { columnContext, type PiiColumn } from "./columns";
import { PiiDecryptError } from "./errors";
import {
  ENCRYPTION_KEYS_VARIABLE,
  type EncryptionKeyring,
  parseEncryptionKeys,
  parseHmacKey,
} from "./keys";
import { FORMAT_VERSION, open, parseSealed, seal } from "./sealed-value";

/** The two key variables as the environment holds them. */
export interface PiiKeyEnv {
  PII_ENCRYPTION_KEYS?: string;
  PII_HMAC_KEY?: string;
}

/**
 * Encrypts and decrypts the personal columns of `users` and computes the CI lookup hash.
 * One instance per process, built from the parsed keys; it holds no other state, so it is
 * safe to share across concurrent jobs.
 */
export class PiiCipher {
  constructor(
    private readonly keyring: EncryptionKeyring,
    private readonly hmacKey: Buffer,
  ) {}

  /** Parses both variables. @throws PiiKeyError naming the faulty variable. */
  static fromEnv(env: PiiKeyEnv): PiiCipher {
    return new PiiCipher(
      parseEncryptionKeys(env.PII_ENCRYPTION_KEYS),
      parseHmacKey(env.PII_HMAC_KEY),
    );
  }

  /** The id of the key new values are encrypted under. */
  get primaryKeyId(): string {
    return this.keyring.primary.id;
  }

  /** Encrypts one column's value under the primary key with a fresh nonce. */
  encrypt(column: PiiColumn, plaintext: string): string {
    const { id, key } = this.keyring.primary;
    return seal(id, key, columnContext(column), plaintext);
  }

  /** @throws PiiDecryptError when the value is malformed, under an unknown key, or altered. */
  decrypt(column: PiiColumn, value: string): string {
    const context = columnContext(column);
    const parsed = parseSealed(value, context);
    const key = this.keyring.byId.get(parsed.keyId);
    if (!key) {
      throw new PiiDecryptError(
        "unknown_key",
        context,
        `value is under key ${parsed.keyId}, which ${ENCRYPTION_KEYS_VARIABLE} does not hold`,
      );
    }
    return open(parsed, key, context);
  }

  /** `null`/`undefined` stay `null`: providers omit phone, DI or CI at times. */
  encryptNullable(column: PiiColumn, plaintext: string | null | undefined): string | null {
    return plaintext == null ? null : this.encrypt(column, plaintext);
  }

  /** `null` (never stored, or erased) stays `null`. */
  decryptNullable(column: PiiColumn, value: string | null | undefined): string | null {
    return value == null ? null : this.decrypt(column, value);
  }

  /**
   * True when a stored value is already under the primary key, so key rotation can skip it.
   * Only the header is read; a value that is not in the format counts as needing work.
   */
  isUnderPrimaryKey(value: string): boolean {
    return value.startsWith(`${FORMAT_VERSION}:${this.keyring.primary.id}:`);
  }

  /** `users.ci_hash`: lowercase hex HMAC-SHA256 of the UTF-8 CI under `PII_HMAC_KEY`. */
  ciHash(ci: string): string {
    return createHmac("sha256", this.hmacKey).update(ci, "utf8").digest("hex");
  }
}
