import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PII_COLUMNS, PiiCipher } from "../src/index";
import { freshCipher, rawKey } from "./fixtures";

// A second codec written from the public format description alone, sharing no code with the
// package: `v1:<keyId>:<nonce>:<sealed>`, AES-256-GCM, 12-byte nonce, sealed = ciphertext ||
// 16-byte tag, both base64url without padding, AAD the UTF-8 text `users.<column>`.

function independentDecrypt(keys: Map<string, Buffer>, column: string, value: string): string {
  const match = /^v1:([A-Za-z0-9_-]{1,32}):([A-Za-z0-9_-]+):([A-Za-z0-9_-]+)$/.exec(value);
  if (!match) throw new Error("not the v1 format");
  const [, keyId = "", nonceText = "", sealedText = ""] = match;
  const nonce = Buffer.from(nonceText, "base64url");
  const sealed = Buffer.from(sealedText, "base64url");
  expect(nonce.length).toBe(12);
  const key = keys.get(keyId);
  if (!key) throw new Error("unknown key");
  const decipher = createDecipheriv("aes-256-gcm", key, nonce);
  decipher.setAAD(new TextEncoder().encode(`users.${column}`));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  const plain = Buffer.concat([
    decipher.update(sealed.subarray(0, sealed.length - 16)),
    decipher.final(),
  ]);
  return new TextDecoder("utf-8", { fatal: true }).decode(plain);
}

function independentEncrypt(keyId: string, key: Buffer, column: string, text: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(new TextEncoder().encode(`users.${column}`));
  const body = Buffer.concat([cipher.update(new TextEncoder().encode(text)), cipher.final()]);
  const sealed = Buffer.concat([body, cipher.getAuthTag()]);
  const b64url = (b: Buffer) =>
    b.toString("base64").replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  return `v1:${keyId}:${b64url(nonce)}:${b64url(sealed)}`;
}

const { env, cipher } = freshCipher("key_2027-01");
const keys = new Map([["key_2027-01", rawKey(env.PII_ENCRYPTION_KEYS, "key_2027-01")]]);
const text = fc.string({ unit: "grapheme", maxLength: 64 });

describe("the stored format, read and written by an independent codec", () => {
  it("the independent decoder reads what the package writes", () => {
    fc.assert(
      fc.property(fc.constantFrom(...PII_COLUMNS), text, (column, value) => {
        const stored = cipher.encrypt(column, value);
        expect(stored.split(":")[3]?.length).toBe(
          Math.ceil(((Buffer.byteLength(value) + 16) * 4) / 3),
        );
        expect(independentDecrypt(keys, column, stored)).toBe(value);
      }),
    );
  });

  it("the package reads what the independent encoder writes", () => {
    fc.assert(
      fc.property(fc.constantFrom(...PII_COLUMNS), text, (column, value) => {
        const stored = independentEncrypt(
          "key_2027-01",
          keys.get("key_2027-01") as Buffer,
          column,
          value,
        );
        expect(cipher.decrypt(column, stored)).toBe(value);
      }),
    );
  });

  it("a reader holding only an older key in second place still reads its values", () => {
    const old = randomBytes(32);
    const reader = PiiCipher.fromEnv({
      PII_ENCRYPTION_KEYS: `${env.PII_ENCRYPTION_KEYS},old:${old.toString("base64")}`,
      PII_HMAC_KEY: env.PII_HMAC_KEY,
    });
    expect(reader.decrypt("di", independentEncrypt("old", old, "di", "DI-value"))).toBe("DI-value");
  });
});
