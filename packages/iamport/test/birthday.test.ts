import type { RunningSandbox } from "@cert/iamport-sandbox";
import {
  generateCertification,
  sandboxImpUid,
  seoulMidnightUnixSeconds,
} from "@cert/iamport-sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { birthdayFromUnixSeconds, parseCertification } from "../src";
import { clientFor, startTestSandbox } from "./support/harness";

describe("birthdayFromUnixSeconds", () => {
  it("reads seconds (not milliseconds) in Asia/Seoul, where UTC gives the day before", () => {
    const birth = 631_119_600; // 1990-01-01T00:00:00+09:00 = 1989-12-31T15:00:00Z
    expect(birthdayFromUnixSeconds(birth)).toBe("1990-01-01");
    expect(new Date(birth * 1000).toISOString().slice(0, 10)).toBe("1989-12-31");
  });

  it("changes date at midnight in Seoul, 15:00 UTC", () => {
    const midnight = Date.UTC(2000, 5, 14, 15) / 1000; // 2000-06-15T00:00+09:00
    expect(birthdayFromUnixSeconds(midnight - 1)).toBe("2000-06-14");
    expect(birthdayFromUnixSeconds(midnight)).toBe("2000-06-15");
    expect(birthdayFromUnixSeconds(midnight + 86_399)).toBe("2000-06-15");
  });

  it("handles births before 1970 (negative seconds)", () => {
    expect(birthdayFromUnixSeconds(Date.UTC(1960, 4, 31, 15) / 1000)).toBe("1960-06-01");
  });

  it("gets 1988 summer time right: 00:00 KDT is 14:00 UTC, where a fixed +9h says the day before", () => {
    const birth = Date.UTC(1988, 6, 14, 14) / 1000;
    expect(birthdayFromUnixSeconds(birth)).toBe("1988-07-15");
    expect(new Date((birth + 9 * 3600) * 1000).toISOString().slice(0, 10)).toBe("1988-07-14");
  });

  it("gets a summer-time start at midnight right (1956-05-20 began at 01:00 KDT)", () => {
    const start = Date.UTC(1956, 4, 19, 15, 30) / 1000;
    expect(birthdayFromUnixSeconds(start - 1)).toBe("1956-05-19");
    expect(birthdayFromUnixSeconds(start)).toBe("1956-05-20");
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
      if (birthdayFromUnixSeconds(first) !== date || birthdayFromUnixSeconds(last) !== date) {
        wrong.push(date);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe("birthday of a birth-only record", () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox.close());

  it("equals the birthday the same person's full record states", async () => {
    const client = clientFor(sandbox);
    try {
      for (const person of [0, 7, 8, 21, 64]) {
        const birthOnly = await client.getCertification(sandboxImpUid("birth-only", person, 1));
        const full = parseCertification(generateCertification(sandboxImpUid("full", person, 2)));
        expect(birthOnly.birthday).toBe(full.birthday);
        expect(birthOnly.uniqueKey).toBe(full.uniqueKey);
      }
    } finally {
      await client.close();
    }
  });

  it("comes from birth only when birthday is absent", () => {
    const base = { imp_uid: "imp_1", pg_provider: "danal", foreigner: false };
    const birth = 631_119_600;
    expect(parseCertification({ ...base, birth }).birthday).toBe("1990-01-01");
    expect(parseCertification({ ...base, birth, birthday: "1990-01-01" }).birthday).toBe(
      "1990-01-01",
    );
    expect(parseCertification({ ...base, birth, birthday: null }).birthday).toBe("1990-01-01");
    expect(parseCertification({ ...base, birth: null }).birthday).toBeNull();
  });
});
