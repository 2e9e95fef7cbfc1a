import { type AgeRule, assessCertification } from "@cert/age-check";
import type { CertificationRecord, CheckResult } from "@cert/db";
import type { Certification } from "@cert/iamport";

/** The age-check settings (config `AGE_MIN`, `AGE_RULE`). */
export interface AgeSettings {
  readonly ageMin: number;
  readonly ageRule: AgeRule;
}

function toRecord(c: Certification): CertificationRecord {
  return {
    uniqueKey: c.uniqueKey,
    uniqueInSite: c.uniqueInSite,
    name: c.name,
    gender: c.gender,
    birthday: c.birthday,
    phone: c.phone,
    carrier: c.carrier,
    foreigner: c.foreigner,
    merchantUid: c.merchantUid,
    pgProvider: c.pgProvider,
    pgTid: c.pgTid,
    certified: c.certified,
    certifiedAt: c.certifiedAt,
  };
}

/**
 * Everything one job writes, from what the provider said (`null`: no such certification).
 * The reference date is the certification's own `certified_at` in Asia/Seoul, so a replay
 * reaches the same outcome; `now` is used only when `certified_at` is absent, and as
 * `checked_at`.
 *
 * @throws AgeCheckInputError when the provider sent an impossible birthday.
 */
export function buildCheckResult(
  impUid: string,
  certification: Certification | null,
  settings: AgeSettings,
  now: Date,
): CheckResult {
  const assessment = assessCertification({
    found: certification !== null,
    certified: certification?.certified ?? false,
    birthday: certification?.birthday ?? null,
    certifiedAt: certification?.certifiedAt ?? null,
    now,
    ageMin: settings.ageMin,
    rule: settings.ageRule,
  });
  return {
    impUid,
    certification: certification === null ? null : toRecord(certification),
    outcome: assessment.outcome,
    age: assessment.age,
    ageMin: settings.ageMin,
    ageRule: settings.ageRule,
    checkedAt: now,
  };
}
