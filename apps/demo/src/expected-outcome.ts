import { type AgeRule, assessCertification, type Outcome } from "@cert/age-check";
import { generateCertification, generateIdentityVerification } from "@cert/iamport-sandbox";
import type { Verification } from "./verification";

/** What the system must publish for one verification. */
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
 * The outcome of a V1 `impUid` computed independently of the pipeline: the sandbox's
 * deterministic record put through the age rules with the same settings the worker runs with.
 */
function expectedV1OutcomeOf(impUid: string, settings: AgeSettings, now: Date): ExpectedOutcome {
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

const text = (value: unknown): string | null =>
  typeof value === "string" && value !== "" ? value : null;

/**
 * The outcome of a V2 id the same way: the sandbox's final answer for it (VERIFIED once any
 * READY phase is over) read as PortOne documents it, `verifiedAt` being the reference date.
 * FAILED and a READY that never ends are not certified.
 */
function expectedV2OutcomeOf(id: string, settings: AgeSettings, now: Date): ExpectedOutcome {
  const record = generateIdentityVerification(id);
  if (record === null) return { outcome: "not_found", age: null, uniqueKey: null };
  const verified = record.status === "VERIFIED";
  const customer = (verified ? record.verifiedCustomer : undefined) as
    | Record<string, unknown>
    | undefined;
  const verifiedAt = text(record.verifiedAt);
  const assessment = assessCertification({
    found: true,
    certified: verified,
    birthday: text(customer?.birthDate),
    certifiedAt: verifiedAt === null ? null : new Date(verifiedAt),
    now,
    ageMin: settings.ageMin,
    rule: settings.ageRule,
  });
  return { outcome: assessment.outcome, age: assessment.age, uniqueKey: text(customer?.ci) };
}

/** What the system must publish for `verification`, whichever provider it goes through. */
export function expectedOutcomeOf(
  verification: Verification,
  settings: AgeSettings,
  now = new Date(),
): ExpectedOutcome {
  return verification.provider === "iamport"
    ? expectedV1OutcomeOf(verification.id, settings, now)
    : expectedV2OutcomeOf(verification.id, settings, now);
}
