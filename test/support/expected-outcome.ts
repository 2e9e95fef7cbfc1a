import { type AgeRule, assessCertification, type Outcome } from "@cert/age-check";
import { generateCertification, type RawCertification } from "@cert/iamport-sandbox";

/** What the system must record and publish for one imp_uid. */
export interface ExpectedOutcome {
  outcome: Outcome;
  /** Completed years at the reference date, or null when no age is decided. */
  age: number | null;
  /** The provider's CI, or null when the record has none (then no `users` row). */
  uniqueKey: string | null;
  /** `certified_at` of the record, or null when absent or 0. */
  certifiedAt: Date | null;
}

/** `AGE_MIN` and `AGE_RULE` as the workers under test run with (their defaults unless set). */
export interface AgeSettings {
  ageMin: number;
  ageRule: AgeRule;
}

export const DEFAULT_AGE_SETTINGS: AgeSettings = { ageMin: 19, ageRule: "calendar-year" };

const seoulDate = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Asia/Seoul",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** `birthday`, else the legacy `birth` (unix seconds at 00:00 Seoul) read as a Seoul date. */
export function birthdayOf(record: RawCertification): string | null {
  if (typeof record.birthday === "string" && record.birthday !== "") return record.birthday;
  if (typeof record.birth === "number") return seoulDate.format(new Date(record.birth * 1000));
  return null;
}

/** `certified_at` as a Date; 0 and absent both mean "not given". */
export function certifiedAtOf(record: RawCertification): Date | null {
  const at = record.certified_at;
  return typeof at === "number" && at > 0 ? new Date(at * 1000) : null;
}

/**
 * The outcome a record leads to, computed here from the record the sandbox serves (`null`: the
 * provider has none) with the pure rules of @cert/age-check, independently of the pipeline.
 */
export function expectedOutcomeOf(
  record: RawCertification | null,
  settings: AgeSettings = DEFAULT_AGE_SETTINGS,
): ExpectedOutcome {
  if (record === null)
    return { outcome: "not_found", age: null, uniqueKey: null, certifiedAt: null };
  const certifiedAt = certifiedAtOf(record);
  const assessment = assessCertification({
    found: true,
    certified: record.certified === true,
    birthday: birthdayOf(record),
    certifiedAt,
    now: new Date(),
    ageMin: settings.ageMin,
    rule: settings.ageRule,
  });
  const uniqueKey = typeof record.unique_key === "string" ? record.unique_key : null;
  return { outcome: assessment.outcome, age: assessment.age, uniqueKey, certifiedAt };
}

/** The expected outcome of a generated (unregistered) sandbox imp_uid. */
export function expectedForGenerated(
  impUid: string,
  settings: AgeSettings = DEFAULT_AGE_SETTINGS,
): ExpectedOutcome {
  return expectedOutcomeOf(generateCertification(impUid), settings);
}
