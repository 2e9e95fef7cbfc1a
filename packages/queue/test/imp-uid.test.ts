import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IMP_UID_MAX_LENGTH, InvalidImpUidError, isImpUid, jobIdFor } from "../src/index";

describe("isImpUid", () => {
  it.each(["imp_1", "imp_123456789012", `imp_${"9".repeat(IMP_UID_MAX_LENGTH - 4)}`])(
    "accepts %s",
    (value) => {
      expect(isImpUid(value)).toBe(true);
    },
  );

  it.each([
    "",
    "imp_",
    "123456",
    "imp_12a",
    "IMP_123",
    "imp:123",
    " imp_123",
    "imp_123\n",
    `imp_${"9".repeat(IMP_UID_MAX_LENGTH - 3)}`,
  ])("rejects %j", (value) => {
    expect(isImpUid(value)).toBe(false);
  });

  it("rejects non-strings", () => {
    expect(isImpUid(123)).toBe(false);
    expect(isImpUid(undefined)).toBe(false);
    expect(isImpUid(["imp_1"])).toBe(false);
  });
});

describe("jobIdFor", () => {
  it("is the imp_uid itself, which BullMQ accepts as a custom id (no ':', not all digits)", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,28}$/), (digits) => {
        const id = jobIdFor({ provider: "iamport", id: `imp_${digits}` });
        expect(id).toBe(`imp_${digits}`);
        expect(id).not.toContain(":");
        expect(Number.isInteger(Number(id))).toBe(false);
      }),
    );
  });

  it("throws a non-retryable error that does not echo the input", () => {
    const input = "imp_<script>";
    expect(() => jobIdFor({ provider: "iamport", id: input })).toThrow(InvalidImpUidError);
    try {
      jobIdFor({ provider: "iamport", id: input });
    } catch (error) {
      expect(error).toMatchObject({ code: "invalid_imp_uid", retryable: false });
      expect((error as Error).message).not.toContain(input);
    }
  });
});
