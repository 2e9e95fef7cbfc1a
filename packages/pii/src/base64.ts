/**
 * Strict base64 decoding. Node's `Buffer.from(text, "base64")` silently skips characters
 * outside the alphabet, so a typo in a key or a damaged stored value would decode to other
 * bytes instead of failing; these helpers refuse anything that does not round-trip.
 */

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** base64url without padding, as the stored format writes it. */
export function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64url");
}

/** Decodes unpadded base64url; undefined when the text is not exactly that. */
export function fromBase64Url(text: string): Buffer | undefined {
  if (!BASE64URL.test(text)) return undefined;
  const bytes = Buffer.from(text, "base64url");
  return bytes.toString("base64url") === text ? bytes : undefined;
}

/** Decodes standard base64 (padding optional); undefined when the text is not exactly that. */
export function fromBase64(text: string): Buffer | undefined {
  if (!BASE64.test(text)) return undefined;
  const bytes = Buffer.from(text, "base64");
  const canonical = bytes.toString("base64");
  return canonical === text || canonical.replace(/=+$/, "") === text ? bytes : undefined;
}
