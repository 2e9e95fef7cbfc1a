import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PII_COLUMNS, PiiInputError } from "../src/index";
import { freshCipher, thrownBy } from "./fixtures";

const { cipher } = freshCipher();

describe("PiiCipher round trip", () => {
  it("decrypts what it encrypts, for any text in any column", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PII_COLUMNS),
        fc.oneof(fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" })),
        (column, text) => {
          const stored = cipher.encrypt(column, text);
          expect(stored).not.toContain(text.length > 3 ? text : "\u0000never");
          expect(cipher.decrypt(column, stored)).toBe(text);
        },
      ),
    );
  });

  it("keeps Korean names, emoji and the empty string exactly", () => {
    for (const text of ["홍길동", "김 철수 🙂", "Zoë Ångström", "", "010-1234-5678"]) {
      expect(cipher.decrypt("name", cipher.encrypt("name", text))).toBe(text);
    }
  });

  it("writes the public format with a fresh nonce each time", () => {
    const a = cipher.encrypt("ci", "same CI");
    const b = cipher.encrypt("ci", "same CI");
    expect(a).toMatch(/^v1:k1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(a.split(":")[2]).not.toBe(b.split(":")[2]);
  });

  it("keeps null as null in the nullable helpers", () => {
    expect(cipher.encryptNullable("phone", null)).toBeNull();
    expect(cipher.encryptNullable("phone", undefined)).toBeNull();
    expect(cipher.decryptNullable("phone", null)).toBeNull();
    const stored = cipher.encryptNullable("phone", "01012345678");
    expect(cipher.decryptNullable("phone", stored)).toBe("01012345678");
  });

  it("refuses text UTF-8 cannot carry, without echoing it", () => {
    const broken = "name\ud800tail";
    const error = thrownBy(() => cipher.encrypt("name", broken));
    expect(error).toBeInstanceOf(PiiInputError);
    expect((error as Error).message).not.toContain("name\ud800");
  });

  it("refuses a column that is not encrypted", () => {
    expect(() => cipher.encrypt("email" as "name", "x")).toThrow(PiiInputError);
  });
});
