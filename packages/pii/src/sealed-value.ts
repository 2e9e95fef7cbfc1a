import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { fromBase64Url, toBase64Url } from "./base64";
import { PiiDecryptError, PiiInputError } from "./errors";

/**
 * The public stored format `v1:<keyId>:<nonce>:<sealed>`: AES-256-GCM with a fresh random
 * 12-byte nonce, `<sealed>` the ciphertext followed by the 16-byte tag, both base64url without
 * padding, the AAD a context string such as `users.name`. Readers in any language rely on
 * exactly this, so it lives in one place.
 */

export const FORMAT_VERSION = "v1";
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
const ALGORITHM = "aes-256-gcm";
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** Lone UTF-16 surrogates: UTF-8 cannot carry them, so they would come back as U+FFFD. */
const LONE_SURROGATE = /\p{Cs}/u;

/** Encrypts `plaintext` under `key` (32 bytes) bound to `context`. */
export function seal(keyId: string, key: Buffer, context: string, plaintext: string): string {
  if (LONE_SURROGATE.test(plaintext)) {
    throw new PiiInputError(
      "not_well_formed",
      `${context}: the text holds a lone UTF-16 surrogate and cannot be stored as UTF-8`,
    );
  }
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const sealed = Buffer.concat([body, cipher.getAuthTag()]);
  return `${FORMAT_VERSION}:${keyId}:${toBase64Url(nonce)}:${toBase64Url(sealed)}`;
}

export interface ParsedValue {
  keyId: string;
  nonce: Buffer;
  sealed: Buffer;
}

/** Splits a stored value into its parts; throws `malformed` for anything not in the format. */
export function parseSealed(value: string, context: string): ParsedValue {
  const parts = value.split(":");
  const [version, keyId = "", nonceText = "", sealedText = ""] = parts;
  const malformed = (what: string) =>
    new PiiDecryptError("malformed", context, `not a ${FORMAT_VERSION} encrypted value (${what})`);
  if (parts.length !== 4 || version !== FORMAT_VERSION) throw malformed("version or parts");
  if (!KEY_ID_PATTERN.test(keyId)) throw malformed("key id");
  const nonce = fromBase64Url(nonceText);
  if (nonce?.length !== NONCE_BYTES) throw malformed("nonce");
  const sealed = fromBase64Url(sealedText);
  if (sealed === undefined || sealed.length < TAG_BYTES) throw malformed("sealed part");
  return { keyId, nonce, sealed };
}

/** Decrypts parsed parts with `key`; throws `authentication_failed` when the tag does not match. */
export function open(parsed: ParsedValue, key: Buffer, context: string): string {
  const { nonce, sealed } = parsed;
  const decipher = createDecipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  try {
    const body = sealed.subarray(0, sealed.length - TAG_BYTES);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString("utf8");
  } catch {
    // The cause is only ever "unable to authenticate data"; nothing else worth keeping.
    throw new PiiDecryptError(
      "authentication_failed",
      context,
      `value does not authenticate under key ${parsed.keyId} (altered, another column, or another key)`,
    );
  }
}
