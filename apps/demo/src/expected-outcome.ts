import { type AgeRule, assessCertification, type Outcome } from "@cert/age-check";
import { generateCertification } from "@cert/iamport-sandbox";

/** What the system must publish for one imp_uid. */
export interface ExpectedOutcome {
  readonly outcome: Outcome;
  /** Completed years at the reference date, or null when no age is decided. */
  readonly age: number | null;
  /** The provider's CI, or null when the record has none. */
  readonly uniqueKey: string | null;
}

export interface AgeSettings {
  /** `AGE_MIN` as the worker reads it. */
  readonly ageMin: number;
  /** `AGE_RULE` as the worker reads it. */
  readonly ageRule: AgeRule;
}

const seoulDate = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Asia/Seoul",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The record's birthday: `birthday`, else the legacy `birth` (unix seconds) as a Seoul date. */
function birthdayOf(record: Record<string, unknown>): string | null {
  if (typeof record.birthday === "string" && record.birthday !== "") return record.birthday;
  if (typeof record.birth === "number") return seoulDate.format(new Date(record.birth * 1000));
  return null;
}

/** `certified_at` as a date; 0 and absent both mean "not given". */
function certifiedAtOf(record: Record<string, unknown>): Date | null {
  const at = record.certified_at;
  return typeof at === "number" && at > 0 ? new Date(at * 1000) : null;
}

/**
 * The outcome of `impUid` computed independently of the pipeline: the sandbox's deterministic
 * record put through the age rules with the same settings the worker runs with.
 */
export function expectedOutcomeOf(
  impUid: string,
  settings: AgeSettings,
  now = new Date(),
): ExpectedOutcome {
  const record = generateCertification(impUid);
  if (record === null) return { outcome: "not_found", age: null, uniqueKey: null };
  const assessment = assessCertification({
    found: true,
    certified: record.certified === true,
    birthday: birthdayOf(record),
    certifiedAt: certifiedAtOf(record),
    now,
    ageMin: settings.ageMin,
    rule: settings.ageRule,
  });
  const uniqueKey = typeof record.unique_key === "string" ? record.unique_key : null;
  return { outcome: assessment.outcome, age: assessment.age, uniqueKey };
}
