import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateKeys, PiiCipher } from "../src/index";

describe("ciHash", () => {
  it("is the lowercase hex HMAC-SHA256 of the UTF-8 CI under PII_HMAC_KEY", () => {
    const env = generateKeys();
    const cipher = PiiCipher.fromEnv(env);
    const ci = "Qm9vZ3VzQ0k+/ 한글==";
    const expected = createHmac("sha256", Buffer.from(env.PII_HMAC_KEY, "base64"))
      .update(Buffer.from(ci, "utf8"))
      .digest("hex");
    expect(cipher.ciHash(ci)).toBe(expected);
    expect(cipher.ciHash(ci)).toMatch(/^[0-9a-f]{64}$/);
    expect(cipher.ciHash(`${ci} `)).not.toBe(expected);
    // Another HMAC key, another hash: the hash is useless without the key.
    expect(PiiCipher.fromEnv(generateKeys()).ciHash(ci)).not.toBe(expected);
  });
});

describe("rotation", () => {
  it("tells values under the first key from those a rotation must re-encrypt", () => {
    const oldKeys = generateKeys("old");
    const before = PiiCipher.fromEnv(oldKeys);
    const newKey = `new:${randomBytes(32).toString("base64")}`;
    const after = PiiCipher.fromEnv({
      PII_ENCRYPTION_KEYS: `${newKey},${oldKeys.PII_ENCRYPTION_KEYS}`,
      PII_HMAC_KEY: oldKeys.PII_HMAC_KEY,
    });
    const oldValue = before.encrypt("phone", "01099998888");
    expect(before.isUnderPrimaryKey(oldValue)).toBe(true);
    expect(after.primaryKeyId).toBe("new");
    expect(after.isUnderPrimaryKey(oldValue)).toBe(false);
    const rotated = after.encrypt("phone", after.decrypt("phone", oldValue));
    expect(after.isUnderPrimaryKey(rotated)).toBe(true);
    expect(after.isUnderPrimaryKey("plain text")).toBe(false);
    // A reader with only the new key reads the rotated value.
    const newOnly = PiiCipher.fromEnv({
      PII_ENCRYPTION_KEYS: newKey,
      PII_HMAC_KEY: oldKeys.PII_HMAC_KEY,
    });
    expect(newOnly.decrypt("phone", rotated)).toBe("01099998888");
  });
});
