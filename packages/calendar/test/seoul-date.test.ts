import { describe, expect, it } from "vitest";
import { parseCalendarDate, seoulDateOf, seoulMidnightUnixSeconds } from "../src";
import { isLeapYear } from "../src/calendar-date";

describe("parseCalendarDate", () => {
  it("accepts real YYYY-MM-DD days only", () => {
    expect(parseCalendarDate("2024-02-29")).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parseCalendarDate("2000-12-31")).toEqual({ year: 2000, month: 12, day: 31 });
    for (const bad of ["2023-02-29", "1900-02-29", "2024-13-01", "2024-04-31", "2024-1-01", ""]) {
      expect(parseCalendarDate(bad)).toBeNull();
    }
  });

  it("knows the Gregorian leap years", () => {
    expect([1900, 2000, 2023, 2024].map(isLeapYear)).toEqual([false, true, false, true]);
  });
});

describe("seoulDateOf", () => {
  it("gives the same day as a fixed +09:00 for instants after 1988 (certification times)", () => {
    const at = Date.UTC(2024, 11, 31, 15, 30) / 1000;
    expect(seoulDateOf(at)).toBe("2025-01-01");
    expect(seoulDateOf(at - 31 * 60)).toBe("2024-12-31");
  });
});

describe("seoulDateOf", () => {
  it("reads seconds (not milliseconds) in Asia/Seoul, where UTC gives the day before", () => {
    const birth = 631_119_600; // 1990-01-01T00:00:00+09:00 = 1989-12-31T15:00:00Z
    expect(seoulDateOf(birth)).toBe("1990-01-01");
    expect(new Date(birth * 1000).toISOString().slice(0, 10)).toBe("1989-12-31");
  });

  it("changes date at midnight in Seoul, 15:00 UTC", () => {
    const midnight = Date.UTC(2000, 5, 14, 15) / 1000; // 2000-06-15T00:00+09:00
    expect(seoulDateOf(midnight - 1)).toBe("2000-06-14");
    expect(seoulDateOf(midnight)).toBe("2000-06-15");
    expect(seoulDateOf(midnight + 86_399)).toBe("2000-06-15");
  });

  it("handles births before 1970 (negative seconds)", () => {
    expect(seoulDateOf(Date.UTC(1960, 4, 31, 15) / 1000)).toBe("1960-06-01");
  });

  it("gets 1988 summer time right: 00:00 KDT is 14:00 UTC, where a fixed +9h says the day before", () => {
    const birth = Date.UTC(1988, 6, 14, 14) / 1000;
    expect(seoulDateOf(birth)).toBe("1988-07-15");
    expect(new Date((birth + 9 * 3600) * 1000).toISOString().slice(0, 10)).toBe("1988-07-14");
  });

  it("gets a summer-time start at midnight right (1956-05-20 began at 01:00 KDT)", () => {
    const start = Date.UTC(1956, 4, 19, 15, 30) / 1000;
    expect(seoulDateOf(start - 1)).toBe("1956-05-19");
    expect(seoulDateOf(start)).toBe("1956-05-20");
  });

  it("round-trips every day of the years Seoul changed offsets, at its first and last second", () => {
    // Exhaustive over 1948-1961 and 1987-1988 (summer time, +08:30): every transition is hit.
    const days: number[] = [];
    for (const [from, to] of [
      [1948, 1961],
      [1987, 1988],
    ] as const) {
      for (let ms = Date.UTC(from, 0, 1); ms <= Date.UTC(to, 11, 31); ms += 86_400_000)
        days.push(ms);
    }
    const wrong: string[] = [];
    for (const ms of days) {
      const date = new Date(ms).toISOString().slice(0, 10);
      const next = new Date(ms + 86_400_000).toISOString().slice(0, 10);
      const first = seoulMidnightUnixSeconds(date);
      const last = seoulMidnightUnixSeconds(next) - 1;
      if (seoulDateOf(first) !== date || seoulDateOf(last) !== date) {
        wrong.push(date);
      }
    }
    expect(wrong).toEqual([]);
  });
});
