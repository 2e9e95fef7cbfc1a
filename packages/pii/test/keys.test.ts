import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateKeys, PiiKeyError, parseEncryptionKeys, parseHmacKey } from "../src/index";
import { thrownBy } from "./fixtures";

const b64 = (n: number) => randomBytes(n).toString("base64");

/** Parsing must fail with PiiKeyError naming the variable and containing no key text. */
function expectKeyError(parse: () => unknown, variable: string, code: string, secrets: string[]) {
  const caught = thrownBy(parse);
  expect(caught).toBeInstanceOf(PiiKeyError);
  const error = caught as PiiKeyError;
  expect(error.code).toBe(code);
  expect(error.variable).toBe(variable);
  expect(error.message.startsWith(`${variable}: `)).toBe(true);
  expect(error.message).not.toContain("\n");
  for (const secret of secrets) {
    expect(error.message).not.toContain(secret);
    // Nor any 8-character fragment of it.
    for (let i = 0; i + 8 <= secret.length; i++)
      expect(error.message).not.toContain(secret.slice(i, i + 8));
  }
}

describe("parseEncryptionKeys", () => {
  it("takes the first key to encrypt and all keys to decrypt", () => {
    const [a, b] = [b64(32), b64(32)];
    const ring = parseEncryptionKeys(` new:${a} , old:${b}`);
    expect(ring.primary.id).toBe("new");
    expect(ring.primary.key.equals(Buffer.from(a, "base64"))).toBe(true);
    expect([...ring.byId.keys()]).toEqual(["new", "old"]);
    expect(parseEncryptionKeys(`k:${a.replace(/=+$/, "")}`).primary.key.length).toBe(32);
  });

  it("names the variable and the fault, never the key", () => {
    const V = "PII_ENCRYPTION_KEYS";
    const good = b64(32);
    const short = b64(16);
    const long = b64(48);
    const notBase64 = `${good.slice(0, 20)}!@#${good.slice(23)}`;
    expectKeyError(() => parseEncryptionKeys(undefined), V, "missing", []);
    expectKeyError(() => parseEncryptionKeys("  "), V, "missing", []);
    expectKeyError(() => parseEncryptionKeys(`a:${good},a:${short}`), V, "duplicate_key_id", [
      good,
      short,
    ]);
    expectKeyError(() => parseEncryptionKeys(`${good}`), V, "bad_key_id", [good]);
    expectKeyError(() => parseEncryptionKeys(`bad id:${good}`), V, "bad_key_id", [good]);
    expectKeyError(() => parseEncryptionKeys(`${"x".repeat(33)}:${good}`), V, "bad_key_id", [good]);
    expectKeyError(() => parseEncryptionKeys(`k1:${good},`), V, "bad_key_id", [good]);
    expectKeyError(() => parseEncryptionKeys(`k1:${notBase64}`), V, "not_base64", [notBase64]);
    expectKeyError(() => parseEncryptionKeys(`k1:${short}`), V, "wrong_length", [short]);
    expectKeyError(() => parseEncryptionKeys(`k1:${long}`), V, "wrong_length", [long]);
    expectKeyError(
      () => parseEncryptionKeys(`k1:${good}`.replace(":", ""), "OTHER_VAR"),
      "OTHER_VAR",
      "bad_key_id",
      [good],
    );
  });
});

describe("parseHmacKey", () => {
  it("accepts base64 of 32 bytes or more", () => {
    expect(parseHmacKey(b64(32)).length).toBe(32);
    expect(parseHmacKey(b64(64)).length).toBe(64);
  });

  it("names the variable and the fault, never the key", () => {
    const V = "PII_HMAC_KEY";
    const short = b64(31);
    const broken = `${b64(32).slice(0, 30)}$$`;
    expectKeyError(() => parseHmacKey(undefined), V, "missing", []);
    expectKeyError(() => parseHmacKey(""), V, "missing", []);
    expectKeyError(() => parseHmacKey(short), V, "too_short", [short]);
    expectKeyError(() => parseHmacKey(broken), V, "not_base64", [broken]);
  });
});

describe("generateKeys", () => {
  it("returns fresh keys both parsers accept", () => {
    const a = generateKeys();
    const b = generateKeys("demo");
    expect(parseEncryptionKeys(a.PII_ENCRYPTION_KEYS).primary.id).toBe("k1");
    expect(parseEncryptionKeys(b.PII_ENCRYPTION_KEYS).primary.id).toBe("demo");
    expect(parseHmacKey(a.PII_HMAC_KEY).length).toBe(32);
    expect(a.PII_HMAC_KEY).not.toBe(b.PII_HMAC_KEY);
    expect(a.PII_ENCRYPTION_KEYS.slice(3)).not.toBe(b.PII_ENCRYPTION_KEYS.slice(5));
  });
});
