import { describe, expect, it } from "vitest";
import { PiiCipher, PiiDecryptError } from "../src/index";
import { freshCipher, thrownBy } from "./fixtures";

const SECRET = "홍길동-secret-name";
const { env, cipher } = freshCipher();
const stored = cipher.encrypt("name", SECRET);

/** Decrypting must fail with the typed error and a message free of the value. */
function expectRefused(read: () => string, code: PiiDecryptError["code"]) {
  const caught = thrownBy(read);
  expect(caught).toBeInstanceOf(PiiDecryptError);
  const error = caught as PiiDecryptError;
  expect(error.code).toBe(code);
  expect(error.retryable).toBe(false);
  expect(error.message).not.toContain(SECRET);
  for (const part of stored.split(":").slice(2)) expect(error.message).not.toContain(part);
}

/** Flips one bit of byte `index` in a base64url part. */
function flipByte(part: string, index: number): string {
  const bytes = Buffer.from(part, "base64url");
  bytes[index] = (bytes[index] ?? 0) ^ 0x01;
  return bytes.toString("base64url");
}

function withPart(value: string, at: number, part: string): string {
  const parts = value.split(":");
  parts[at] = part;
  return parts.join(":");
}

describe("tamper detection", () => {
  const [, , nonce = "", sealed = ""] = stored.split(":");

  it("refuses a changed byte anywhere in the nonce", () => {
    for (let i = 0; i < 12; i++) {
      expectRefused(
        () => cipher.decrypt("name", withPart(stored, 2, flipByte(nonce, i))),
        "authentication_failed",
      );
    }
  });

  it("refuses a changed byte anywhere in the ciphertext or its tag", () => {
    const length = Buffer.from(sealed, "base64url").length;
    for (let i = 0; i < length; i++) {
      expectRefused(
        () => cipher.decrypt("name", withPart(stored, 3, flipByte(sealed, i))),
        "authentication_failed",
      );
    }
  });

  it("refuses a value moved to another column (AAD)", () => {
    expectRefused(() => cipher.decrypt("phone", stored), "authentication_failed");
    expectRefused(() => cipher.decrypt("ci", stored), "authentication_failed");
  });

  it("refuses a value relabelled with another key id the reader holds", () => {
    const other = PiiCipher.fromEnv({
      PII_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString("base64")},${env.PII_ENCRYPTION_KEYS.replace("k1:", "k2:")}`,
      PII_HMAC_KEY: env.PII_HMAC_KEY,
    });
    // k1 of `other` is a different key: the same label, the wrong key.
    expectRefused(() => other.decrypt("name", stored), "authentication_failed");
    // The right key under its new label reads it once the label is corrected.
    expect(other.decrypt("name", withPart(stored, 1, "k2"))).toBe(SECRET);
  });

  it("refuses a key id the reader does not hold", () => {
    expectRefused(() => cipher.decrypt("name", withPart(stored, 1, "gone")), "unknown_key");
  });

  it("refuses truncated and malformed values", () => {
    const cases = [
      stored.slice(0, -1),
      stored.slice(0, stored.lastIndexOf(":")),
      withPart(stored, 3, sealed.slice(0, 20)),
      withPart(stored, 2, nonce.slice(0, 10)),
      withPart(stored, 0, "v2"),
      `${stored}:extra`,
      withPart(stored, 3, `${sealed}=`),
      withPart(stored, 3, sealed.replace(/.$/, "+")),
      withPart(stored, 1, "bad id!"),
      "",
      SECRET,
    ];
    for (const value of cases) {
      const caught = thrownBy(() => cipher.decrypt("name", value));
      expect(caught, value).toBeInstanceOf(PiiDecryptError);
      expect((caught as Error).message).not.toContain(SECRET);
    }
    expectRefused(() => cipher.decrypt("name", withPart(stored, 3, "")), "malformed");
  });
});
