import { describe, expect, it } from "vitest";
import { AgeCheckInputError } from "../src";
import { referenceDateInSeoul } from "../src/reference-date";

const now = new Date("2030-06-15T12:00:00Z");

describe("referenceDateInSeoul", () => {
  it("takes the Seoul calendar day of certified_at just after KST midnight", () => {
    // 15:30 UTC on Dec 31 is 00:30 on Jan 1 in Seoul: the year changes too.
    expect(referenceDateInSeoul(new Date("2024-12-31T15:30:00Z"), now)).toBe("2025-01-01");
  });

  it("keeps the same day just before KST midnight", () => {
    expect(referenceDateInSeoul(new Date("2024-12-31T14:59:59.999Z"), now)).toBe("2024-12-31");
  });

  it("switches exactly at 15:00 UTC (00:00 KST)", () => {
    expect(referenceDateInSeoul(new Date("2024-02-28T15:00:00Z"), now)).toBe("2024-02-29");
  });

  it("ignores processing time when certified_at is present", () => {
    expect(referenceDateInSeoul(new Date("2020-03-01T00:00:00Z"), now)).toBe("2020-03-01");
  });

  it("uses processing time only when certified_at is null", () => {
    expect(referenceDateInSeoul(null, new Date("2030-06-15T20:00:00Z"))).toBe("2030-06-16");
  });

  it("rejects an invalid Date", () => {
    expect(() => referenceDateInSeoul(new Date("nope"), now)).toThrow(AgeCheckInputError);
  });
});
