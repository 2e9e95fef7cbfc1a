import { seoulDateOf } from "@cert/calendar";
import { describe, expect, it } from "vitest";
import {
  generateCertification,
  type RawCertification,
  SANDBOX_SHAPES,
  type SandboxOutcome,
  sandboxExpectedOutcome,
  sandboxImpUid,
  sandboxShapeOf,
} from "../src";

/** Completed years at `reference` (both `YYYY-MM-DD`), written independently of the sandbox. */
function completedYears(birthday: string, reference: string): number {
  const years = Number(reference.slice(0, 4)) - Number(birthday.slice(0, 4));
  return reference.slice(5) < birthday.slice(5) ? years - 1 : years;
}

/** The outcome of a record with AGE_MIN 19, computed from its fields alone. */
function outcomeOf(
  record: RawCertification | null,
  rule: "calendar-year" | "full-years",
): SandboxOutcome {
  if (record === null) return "not_found";
  if (record.certified !== true) return "not_certified";
  const birthday =
    typeof record.birthday === "string"
      ? record.birthday
      : typeof record.birth === "number"
        ? seoulDateOf(record.birth)
        : null;
  if (birthday === null) return "no_birthday";
  const reference = seoulDateOf(record.certified_at as number);
  const passes =
    rule === "calendar-year"
      ? Number(birthday.slice(0, 4)) <= Number(reference.slice(0, 4)) - 19
      : completedYears(birthday, reference) >= 19;
  return passes ? "passed" : "failed";
}

const ids = Array.from({ length: 600 }, (_, i) => `imp_${String(i * 7919 + 13).padStart(12, "0")}`);

describe("generateCertification", () => {
  it("is a pure function of the imp_uid", () => {
    for (const impUid of ids.slice(0, 50)) {
      expect(generateCertification(impUid)).toEqual(generateCertification(impUid));
    }
  });

  it("leads every id to the outcome its shape promises, under both age rules", () => {
    for (const impUid of ids) {
      const record = generateCertification(impUid);
      for (const rule of ["calendar-year", "full-years"] as const) {
        expect([impUid, outcomeOf(record, rule)]).toEqual([
          impUid,
          sandboxExpectedOutcome(impUid, rule),
        ]);
      }
    }
  });

  it("produces every shape of the table", () => {
    const seen = new Set(ids.map((id) => sandboxShapeOf(id)?.name));
    expect([...seen].sort()).toEqual(SANDBOX_SHAPES.map((s) => s.name).sort());
  });

  it("answers null (404) for the not-found shape and for ids that are not imp_ + digits", () => {
    expect(generateCertification(sandboxImpUid("not-found", 4, 4))).toBeNull();
    expect(generateCertification("imp_")).toBeNull();
    expect(generateCertification("imp_12a")).toBeNull();
    expect(generateCertification("IMP_123")).toBeNull();
  });

  it("puts certified_at in the past, in 2026-01-02 .. 2026-03-31 KST", () => {
    for (const impUid of ids) {
      const record = generateCertification(impUid);
      if (record === null || record.certified !== true) continue;
      const date = seoulDateOf(record.certified_at as number);
      expect(date >= "2026-01-02" && date <= "2026-03-31").toBe(true);
      expect((record.certified_at as number) * 1000).toBeLessThan(Date.now());
    }
  });
});

describe("shapes", () => {
  const record = (shape: Parameters<typeof sandboxImpUid>[0], person = 12, serial = 5) =>
    generateCertification(sandboxImpUid(shape, person, serial)) as RawCertification;

  it("full: every field, with real-looking personal data", () => {
    const full = record("full");
    for (const key of [
      "imp_uid",
      "merchant_uid",
      "pg_tid",
      "pg_provider",
      "name",
      "gender",
      "birth",
      "birthday",
      "foreigner",
      "phone",
      "carrier",
      "certified",
      "certified_at",
      "unique_key",
    ]) {
      expect(full).toHaveProperty(key);
    }
    expect(full.name).toMatch(/^[가-힣]{3}$/);
    expect(full.phone).toMatch(/^010\d{8}$/);
    expect(full.unique_key).toMatch(/^[A-Za-z0-9+/]{86}==$/);
    expect(full.birthday).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(seoulDateOf(full.birth as number)).toBe(full.birthday);
  });

  it("no-phone: phone and carrier are absent, not null", () => {
    const noPhone = record("no-phone");
    expect("phone" in noPhone).toBe(false);
    expect("carrier" in noPhone).toBe(false);
  });

  it("no-unique-key: a Kakao certificate without CI or DI", () => {
    const kakao = record("no-unique-key");
    expect(kakao.pg_provider).toBe("kakaopay");
    expect("unique_key" in kakao).toBe(false);
    expect("unique_in_site" in kakao).toBe(false);
    expect(kakao.birthday).toBeTypeOf("string");
  });

  it("no-birthday: neither birthday nor birth", () => {
    const noBirthday = record("no-birthday");
    expect(noBirthday.certified).toBe(true);
    expect("birthday" in noBirthday || "birth" in noBirthday).toBe(false);
  });

  it("birth-only: legacy birth at 00:00 KST, which UTC formatting shifts to the day before", () => {
    const birthOnly = record("birth-only", 12);
    expect("birthday" in birthOnly).toBe(false);
    const samePerson = record("full", 12, 99);
    const birth = birthOnly.birth as number;
    expect(seoulDateOf(birth)).toBe(samePerson.birthday);
    expect(new Date(birth * 1000).toISOString().slice(0, 10)).not.toBe(samePerson.birthday);
  });

  it("birth-only for someone born in Korean summer time (1988): 00:00 KDT is 14:00 UTC", () => {
    const birthOnly = record("birth-only", 7);
    expect(birthOnly.birth).toBe(Date.UTC(1988, 6, 14, 14) / 1000);
    expect(seoulDateOf(birthOnly.birth as number)).toBe("1988-07-15");
  });

  it("not-certified: certified false, certified_at 0, personal fields null", () => {
    const notCertified = record("not-certified");
    expect(notCertified).toMatchObject({
      certified: false,
      certified_at: 0,
      name: null,
      birthday: null,
      unique_key: null,
    });
  });

  it("minor and turning-19: the two sides of the age line", () => {
    for (let person = 0; person < 100; person += 1) {
      const minor = record("minor", person);
      const turning = record("turning-19", person);
      const minorReference = seoulDateOf(minor.certified_at as number);
      expect(completedYears(minor.birthday as string, minorReference)).toBeLessThan(19);
      const reference = seoulDateOf(turning.certified_at as number);
      expect(Number((turning.birthday as string).slice(0, 4))).toBe(
        Number(reference.slice(0, 4)) - 19,
      );
      expect(completedYears(turning.birthday as string, reference)).toBe(18);
    }
  });

  it("extra-fields: origin, foreigner_v2 and an unknown field clients must ignore", () => {
    const extra = record("extra-fields");
    expect(extra).toHaveProperty("origin");
    expect(extra).toHaveProperty("foreigner_v2");
    expect(extra).toHaveProperty("provider_extra");
    const longOrigin = [0, 1, 2, 3, 4, 5].map(
      (serial) => record("extra-fields", 1, serial).origin as string,
    );
    expect(longOrigin.some((origin) => origin.startsWith("data:") && origin.length > 1000)).toBe(
      true,
    );
  });

  it("the same person under several imp_uids: same CI and name, different certified_at and phone", () => {
    const records = [
      record("full", 33, 1),
      record("no-phone", 33, 2),
      record("birth-only", 33, 3),
      record("full", 33, 4),
      record("full", 33, 5),
    ];
    expect(new Set(records.map((r) => r.unique_key)).size).toBe(1);
    expect(new Set(records.map((r) => r.name)).size).toBe(1);
    expect(new Set(records.map((r) => r.certified_at)).size).toBe(records.length);
    const phones = new Set(records.map((r) => r.phone).filter(Boolean));
    expect(phones.size).toBeGreaterThan(1);
    expect(record("full", 34).unique_key).not.toBe(records[0]?.unique_key);
  });
});

describe("sandboxImpUid", () => {
  it("builds 12-digit ids whose last digit is the shape and the two before it the person", () => {
    expect(sandboxImpUid("minor", 3, 42)).toBe("imp_000000042031");
    for (const shape of SANDBOX_SHAPES) {
      expect(sandboxShapeOf(sandboxImpUid(shape.name, 5, 77))?.name).toBe(shape.name);
    }
  });
});
