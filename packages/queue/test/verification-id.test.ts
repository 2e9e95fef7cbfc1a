import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  InvalidIdentityVerificationIdError,
  InvalidImpUidError,
  isIdentityVerificationId,
  isVerificationId,
  jobIdFor,
} from "../src/index";

describe("identityVerificationId validation", () => {
  it("accepts 1-128 characters of A-Z a-z 0-9 . _ ~ -", () => {
    for (const id of ["a", "identity-verification-0001", "A.b_c~D-9", "9".repeat(128), "imp_1"]) {
      expect(isIdentityVerificationId(id)).toBe(true);
    }
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9._~-]{1,128}$/), (id) => {
        expect(isIdentityVerificationId(id)).toBe(true);
      }),
    );
  });

  it("refuses anything else", () => {
    for (const id of ["", "a".repeat(129), "a/b", "a:b", "a b", "..%2f", "ä", 7, null, ["a"]]) {
      expect(isIdentityVerificationId(id)).toBe(false);
    }
    expect(isVerificationId("iamport", "abc")).toBe(false);
    expect(isVerificationId("portone", "abc")).toBe(true);
  });
});

describe("jobIdFor", () => {
  it("V2 ids are prefixed, so an all-digit id is a valid BullMQ id and never a V1 one", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9._~-]{1,128}$/), (id) => {
        const jobId = jobIdFor({ provider: "portone", id });
        expect(jobId).toBe(`portone.${id}`);
        expect(jobId).not.toContain(":");
        expect(jobId.startsWith("imp_")).toBe(false);
      }),
    );
  });

  it("throws the provider's own error, without echoing the input", () => {
    const input = "<script>";
    expect(() => jobIdFor({ provider: "portone", id: input })).toThrow(
      InvalidIdentityVerificationIdError,
    );
    expect(() => jobIdFor({ provider: "iamport", id: input })).toThrow(InvalidImpUidError);
    try {
      jobIdFor({ provider: "portone", id: input });
    } catch (error) {
      expect(error).toMatchObject({ code: "invalid_identity_verification_id", retryable: false });
      expect((error as Error).message).not.toContain(input);
    }
  });
});
