import type { RunningSandbox } from "@cert/iamport-sandbox";
import {
  generateCertification,
  sandboxImpUid,
  seoulMidnightUnixSeconds,
} from "@cert/iamport-sandbox";
import fc from "fast-check";
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

  it("round-trips every date from 1920 to 2020 at 00:00 and 23:59:59 in Seoul", () => {
    const day = fc
      .date({
        min: new Date("1920-01-01T00:00:00Z"),
        max: new Date("2020-12-31T00:00:00Z"),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, (date) => {
        const midnight = seoulMidnightUnixSeconds(date);
        expect(birthdayFromUnixSeconds(midnight)).toBe(date);
        const next = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000)
          .toISOString()
          .slice(0, 10);
        expect(birthdayFromUnixSeconds(seoulMidnightUnixSeconds(next) - 1)).toBe(date);
      }),
      { numRuns: 500 },
    );
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
