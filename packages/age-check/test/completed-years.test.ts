import { describe, expect, it } from "vitest";
import { AgeCheckInputError } from "../src";
import { completedYears } from "../src/completed-years";

describe("completedYears", () => {
  it.each([
    ["2006-05-10", "2025-05-10", 19, "on the birthday"],
    ["2006-05-10", "2025-05-09", 18, "the day before the birthday"],
    ["2006-05-10", "2025-05-11", 19, "the day after the birthday"],
    ["2006-12-31", "2025-12-31", 19, "Dec 31 birthday on Dec 31"],
    ["2006-12-31", "2025-12-30", 18, "Dec 31 birthday on Dec 30"],
    ["2006-12-31", "2026-01-01", 19, "Dec 31 birthday on the next Jan 1"],
    ["2007-01-01", "2025-12-31", 18, "Jan 1 birthday on the Dec 31 before"],
    ["2007-01-01", "2026-01-01", 19, "Jan 1 birthday on Jan 1"],
    ["2025-05-10", "2025-05-10", 0, "born on the reference date"],
  ])("%s at %s is %i (%s)", (birthday, reference, expected) => {
    expect(completedYears(birthday, reference)).toBe(expected);
  });

  describe("February 29 birthdays (Civil Code Art. 160(3): the year ends on Feb 28)", () => {
    it.each([
      ["2004-02-29", "2023-02-28", 18, "non-leap year, Feb 28: not yet"],
      ["2004-02-29", "2023-03-01", 19, "non-leap year, Mar 1: one year older"],
      ["2004-02-29", "2024-02-28", 19, "leap year, Feb 28: not yet"],
      ["2004-02-29", "2024-02-29", 20, "leap year, on Feb 29 itself"],
      ["2004-02-29", "2024-03-01", 20, "leap year, Mar 1"],
      ["2004-02-29", "2100-02-28", 95, "2100 is not a leap year"],
      ["2004-02-29", "2100-03-01", 96, "2100 is not a leap year, Mar 1"],
    ])("%s at %s is %i (%s)", (birthday, reference, expected) => {
      expect(completedYears(birthday, reference)).toBe(expected);
    });
  });

  it("treats a Feb 28 birthday as a birthday on Feb 28 in leap years too", () => {
    expect(completedYears("2003-02-28", "2024-02-28")).toBe(21);
    expect(completedYears("2003-02-28", "2024-02-27")).toBe(20);
  });

  it("is negative when the birthday is after the reference date", () => {
    expect(completedYears("2026-01-01", "2025-12-31")).toBe(-1);
    expect(completedYears("2025-06-01", "2025-05-31")).toBe(-1);
  });

  it.each(["2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "20240101", "2024-1-01", ""])(
    "rejects the malformed birthday %j without echoing it",
    (bad) => {
      let error: unknown;
      try {
        completedYears(bad, "2025-01-01");
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(AgeCheckInputError);
      expect(error).toMatchObject({ code: "invalid_birthday", retryable: false });
      if (bad !== "") expect((error as Error).message).not.toContain(bad);
    },
  );

  it("rejects a malformed reference date with its own code", () => {
    expect(() => completedYears("2000-01-01", "2025-02-30")).toThrow(
      expect.objectContaining({ code: "invalid_reference_date" }),
    );
  });
});
