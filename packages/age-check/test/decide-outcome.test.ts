import { describe, expect, it } from "vitest";
import { AgeCheckInputError, assessCertification } from "../src";
import { decideOutcome } from "../src/decide-outcome";

describe("decideOutcome", () => {
  const decided = { age: 20, passed: true };

  it("not_found wins over everything else", () => {
    expect(
      decideOutcome({ found: false, certified: true, birthday: "2000-01-01", check: decided }),
    ).toBe("not_found");
  });

  it("not_certified when the provider says certified: false, birthday or not", () => {
    expect(
      decideOutcome({ found: true, certified: false, birthday: "2000-01-01", check: decided }),
    ).toBe("not_certified");
    expect(decideOutcome({ found: true, certified: false, birthday: null, check: null })).toBe(
      "not_certified",
    );
  });

  it("no_birthday when certified without a birthday", () => {
    expect(decideOutcome({ found: true, certified: true, birthday: null, check: null })).toBe(
      "no_birthday",
    );
  });

  it("passed / failed from the age check", () => {
    const base = { found: true, certified: true, birthday: "2000-01-01" } as const;
    expect(decideOutcome({ ...base, check: { age: 25, passed: true } })).toBe("passed");
    expect(decideOutcome({ ...base, check: { age: 17, passed: false } })).toBe("failed");
  });

  it("refuses to guess when a birthday was not checked", () => {
    expect(() =>
      decideOutcome({ found: true, certified: true, birthday: "2000-01-01", check: null }),
    ).toThrow(AgeCheckInputError);
  });
});

describe("assessCertification", () => {
  const base = {
    found: true,
    certified: true,
    now: new Date("2030-01-01T00:00:00Z"),
    ageMin: 19,
  } as const;

  it("uses certified_at in Seoul, so a certification at 00:30 KST on Jan 1 counts the new year", () => {
    const input = {
      ...base,
      birthday: "2006-07-01",
      certifiedAt: new Date("2024-12-31T15:30:00Z"),
      rule: "calendar-year",
    } as const;
    expect(assessCertification(input)).toEqual({
      outcome: "passed",
      age: 18,
      referenceDate: "2025-01-01",
    });
    // Thirty minutes earlier it is still 2024 in Seoul: born 2006, 2024 - 19 = 2005, fails.
    expect(
      assessCertification({ ...input, certifiedAt: new Date("2024-12-31T14:30:00Z") }).outcome,
    ).toBe("failed");
  });

  it("turns 19 at KST midnight under full-years", () => {
    const input = { ...base, birthday: "2006-01-01", rule: "full-years" } as const;
    expect(
      assessCertification({ ...input, certifiedAt: new Date("2024-12-31T15:30:00Z") }),
    ).toMatchObject({ outcome: "passed", age: 19 });
    expect(
      assessCertification({ ...input, certifiedAt: new Date("2024-12-31T14:59:00Z") }),
    ).toMatchObject({ outcome: "failed", age: 18 });
  });

  it("falls back to processing time without certified_at", () => {
    expect(
      assessCertification({
        ...base,
        birthday: "2011-01-01",
        certifiedAt: null,
        rule: "full-years",
      }),
    ).toEqual({ outcome: "passed", age: 19, referenceDate: "2030-01-01" });
  });

  it("reports no age for not_certified, no_birthday and not_found", () => {
    const common = { ...base, certifiedAt: null, rule: "full-years" } as const;
    expect(
      assessCertification({ ...common, certified: false, birthday: "2000-01-01" }),
    ).toMatchObject({ outcome: "not_certified", age: null });
    expect(assessCertification({ ...common, birthday: null })).toMatchObject({
      outcome: "no_birthday",
      age: null,
    });
    expect(assessCertification({ ...common, found: false, birthday: null })).toMatchObject({
      outcome: "not_found",
      age: null,
    });
  });
});
