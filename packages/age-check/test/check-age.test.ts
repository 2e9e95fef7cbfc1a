import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AgeCheckInputError, type AgeRule } from "../src";
import { checkAge } from "../src/check-age";

const check = (birthday: string | null, reference: string, rule: AgeRule, ageMin = 19) =>
  checkAge({ birthday, reference, ageMin, rule });

describe("checkAge, calendar-year rule", () => {
  it("passes everyone born in referenceYear - ageMin from January 1, before their birthday", () => {
    expect(check("2006-12-31", "2025-01-01", "calendar-year")).toEqual({ age: 18, passed: true });
  });

  it("fails someone born on Jan 1 of the next year, even on Dec 31", () => {
    expect(check("2007-01-01", "2025-12-31", "calendar-year")).toEqual({
      age: 18,
      passed: false,
    });
  });

  it("flips at the year boundary, not at the birthday", () => {
    expect(check("2007-06-01", "2025-12-31", "calendar-year").passed).toBe(false);
    expect(check("2007-06-01", "2026-01-01", "calendar-year").passed).toBe(true);
  });

  it("passes on the birthday itself and the day before (same year)", () => {
    expect(check("2006-05-10", "2025-05-10", "calendar-year")).toEqual({ age: 19, passed: true });
    expect(check("2006-05-10", "2025-05-09", "calendar-year")).toEqual({ age: 18, passed: true });
  });

  it("handles Feb 29 birthdays by year only", () => {
    expect(check("2004-02-29", "2023-01-01", "calendar-year")).toEqual({ age: 18, passed: true });
  });
});

describe("checkAge, full-years rule", () => {
  it("passes on the birthday", () => {
    expect(check("2006-05-10", "2025-05-10", "full-years")).toEqual({ age: 19, passed: true });
  });

  it("fails the day before the birthday", () => {
    expect(check("2006-05-10", "2025-05-09", "full-years")).toEqual({ age: 18, passed: false });
  });

  it("around the year boundary: Dec 31 birthday", () => {
    expect(check("2006-12-31", "2025-12-30", "full-years").passed).toBe(false);
    expect(check("2006-12-31", "2025-12-31", "full-years").passed).toBe(true);
  });

  it("around the year boundary: Jan 1 birthday", () => {
    expect(check("2007-01-01", "2025-12-31", "full-years").passed).toBe(false);
    expect(check("2007-01-01", "2026-01-01", "full-years").passed).toBe(true);
  });

  it("Feb 29 birthday in a non-leap reference year passes from Mar 1", () => {
    expect(check("2004-02-29", "2023-02-28", "full-years")).toEqual({ age: 18, passed: false });
    expect(check("2004-02-29", "2023-03-01", "full-years")).toEqual({ age: 19, passed: true });
  });

  it("Feb 29 birthday in a leap reference year passes on Feb 29", () => {
    expect(check("2005-03-01", "2024-02-29", "full-years").passed).toBe(false);
    expect(check("2005-02-28", "2024-02-29", "full-years").passed).toBe(true);
    expect(check("2000-02-29", "2019-02-28", "full-years").passed).toBe(false);
    expect(check("2000-02-29", "2020-02-28", "full-years", 20).passed).toBe(false);
    expect(check("2000-02-29", "2020-02-29", "full-years", 20).passed).toBe(true);
  });
});

describe("checkAge, ageMin and inputs", () => {
  it.each([
    [0, true, true],
    [18, true, true],
    [19, true, false],
    [20, false, false],
  ])(
    "ageMin %i with a person turning 19 later this year: calendar %s, full %s",
    (ageMin, cal, full) => {
      const birthday = "2006-09-01";
      const reference = "2025-03-01";
      expect(checkAge({ birthday, reference, ageMin, rule: "calendar-year" }).passed).toBe(cal);
      expect(checkAge({ birthday, reference, ageMin, rule: "full-years" }).passed).toBe(full);
    },
  );

  it("reports the completed-years age whichever rule decides", () => {
    expect(check("2006-09-01", "2025-03-01", "calendar-year").age).toBe(18);
    expect(check("2006-09-01", "2025-03-01", "full-years").age).toBe(18);
  });

  it("fails a birthday after the reference date under both rules, with no age", () => {
    expect(check("2025-03-02", "2025-03-01", "full-years", 0)).toEqual({
      age: null,
      passed: false,
    });
    expect(check("2026-01-01", "2025-12-31", "calendar-year", 0)).toEqual({
      age: null,
      passed: false,
    });
  });

  it("decides nothing without a birthday", () => {
    expect(check(null, "2025-03-01", "full-years")).toEqual({ age: null, passed: null });
    expect(check(null, "2025-03-01", "calendar-year")).toEqual({ age: null, passed: null });
  });

  it.each([-1, 1.5, Number.NaN])("rejects ageMin %s", (ageMin) => {
    expect(() =>
      checkAge({ birthday: "2000-01-01", reference: "2025-01-01", ageMin, rule: "full-years" }),
    ).toThrow(AgeCheckInputError);
  });

  it("rejects a malformed reference date even without a birthday", () => {
    expect(() => check(null, "2025-02-29", "full-years")).toThrow(
      expect.objectContaining({ code: "invalid_reference_date" }),
    );
  });
});

describe("checkAge properties", () => {
  const isoDate = fc
    .date({
      min: new Date("1900-01-01T00:00:00Z"),
      max: new Date("2100-12-31T00:00:00Z"),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10));
  const ageMin = fc.integer({ min: 0, max: 120 });

  it("calendar-year passes whenever full-years passes", () => {
    fc.assert(
      fc.property(isoDate, isoDate, ageMin, (birthday, reference, min) => {
        const full = checkAge({ birthday, reference, ageMin: min, rule: "full-years" });
        const calendar = checkAge({ birthday, reference, ageMin: min, rule: "calendar-year" });
        if (full.passed) expect(calendar.passed).toBe(true);
        expect(calendar.age).toBe(full.age);
      }),
      { numRuns: 2000 },
    );
  });

  it("full-years passes exactly when age >= ageMin, and age never decreases with time", () => {
    fc.assert(
      fc.property(isoDate, isoDate, isoDate, ageMin, (birthday, a, b, min) => {
        const [earlier, later] = a <= b ? [a, b] : [b, a];
        const r1 = checkAge({ birthday, reference: earlier, ageMin: min, rule: "full-years" });
        const r2 = checkAge({ birthday, reference: later, ageMin: min, rule: "full-years" });
        expect(r1.passed).toBe((r1.age ?? -1) >= min);
        expect(r2.age ?? 0).toBeGreaterThanOrEqual(r1.age ?? 0);
      }),
      { numRuns: 1000 },
    );
  });
});
