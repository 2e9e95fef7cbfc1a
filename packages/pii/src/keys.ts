import { fromBase64 } from "./base64";
import { PiiKeyError } from "./errors";
import { KEY_ID_PATTERN } from "./sealed-value";

/**
 * Parsing of the key variables. Pure functions that throw {@link PiiKeyError}, so the config
 * package can call them inside its schemas and turn the error's message into its one start-up
 * line. No message ever contains the variable's value or any part of it.
 */

export const ENCRYPTION_KEYS_VARIABLE = "PII_ENCRYPTION_KEYS";
export const HMAC_KEY_VARIABLE = "PII_HMAC_KEY";
const AES_KEY_BYTES = 32;
const MIN_HMAC_KEY_BYTES = 32;

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

/** The parsed `PII_ENCRYPTION_KEYS`: the first key encrypts, every key decrypts. */
export interface EncryptionKeyring {
  primary: EncryptionKey;
  /** Every key by id, the primary included, in the order given. */
  byId: ReadonlyMap<string, Buffer>;
}

/**
 * Parses `keyId:base64(32 bytes)` pairs separated by commas (spaces around them ignored).
 * @throws PiiKeyError naming `variable` and the position of the faulty entry.
 */
export function parseEncryptionKeys(
  text: string | undefined,
  variable = ENCRYPTION_KEYS_VARIABLE,
): EncryptionKeyring {
  if (text === undefined || text.trim() === "") {
    throw new PiiKeyError(variable, "missing", "is required (keyId:base64key,...)");
  }
  const byId = new Map<string, Buffer>();
  const entries = text.split(",").map((e) => e.trim());
  entries.forEach((entry, index) => {
    const where = `entry ${index + 1}`;
    const colon = entry.indexOf(":");
    const id = colon === -1 ? "" : entry.slice(0, colon);
    // The id is checked before it is ever echoed, so it cannot carry key material.
    if (!KEY_ID_PATTERN.test(id)) {
      throw new PiiKeyError(
        variable,
        "bad_key_id",
        `${where} needs keyId:base64key with a keyId of 1-32 characters A-Z a-z 0-9 _ -`,
      );
    }
    if (byId.has(id)) {
      throw new PiiKeyError(variable, "duplicate_key_id", `${where} repeats key id ${id}`);
    }
    const key = fromBase64(entry.slice(colon + 1));
    if (!key) throw new PiiKeyError(variable, "not_base64", `key ${id} is not valid base64`);
    if (key.length !== AES_KEY_BYTES) {
      throw new PiiKeyError(
        variable,
        "wrong_length",
        `key ${id} decodes to ${key.length} bytes; AES-256 needs exactly ${AES_KEY_BYTES}`,
      );
    }
    byId.set(id, key);
  });
  const [first] = byId;
  // Unreachable: a non-blank text has at least one entry, and every entry either throws or is added.
  if (!first) throw new PiiKeyError(variable, "missing", "holds no key");
  return { primary: { id: first[0], key: first[1] }, byId };
}

/**
 * Parses the base64 key of the CI lookup hash (at least 32 bytes).
 * @throws PiiKeyError naming `variable`.
 */
export function parseHmacKey(text: string | undefined, variable = HMAC_KEY_VARIABLE): Buffer {
  if (text === undefined || text.trim() === "") {
    throw new PiiKeyError(variable, "missing", "is required (base64, at least 32 bytes)");
  }
  const key = fromBase64(text.trim());
  if (!key) throw new PiiKeyError(variable, "not_base64", "is not valid base64");
  if (key.length < MIN_HMAC_KEY_BYTES) {
    throw new PiiKeyError(
      variable,
      "too_short",
      `decodes to ${key.length} bytes; at least ${MIN_HMAC_KEY_BYTES} are needed`,
    );
  }
  return key;
}
