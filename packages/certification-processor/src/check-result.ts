import { type AgeRule, assessCertification } from "@cert/age-check";
import type { CertificationRecord, CheckResult } from "@cert/db";
import type { VerificationRef } from "@cert/queue";

/** The age-check settings (config `AGE_MIN`, `AGE_RULE`). */
export interface AgeSettings {
  readonly ageMin: number;
  readonly ageRule: AgeRule;
}

/** A final answer that is not certified and says nothing else (V2 still `READY` at the timeout). */
export const NOT_CERTIFIED: CertificationRecord = Object.freeze({
  uniqueKey: null,
  uniqueInSite: null,
  name: null,
  gender: null,
  birthday: null,
  phone: null,
  carrier: null,
  foreigner: null,
  merchantUid: null,
  pgProvider: null,
  pgTid: null,
  certified: false,
  certifiedAt: null,
});

/**
 * Everything one job writes, from what the provider said (`null`: no such verification).
 * The reference date is the verification's own `certified_at` (V1) / `verifiedAt` (V2) in
 * Asia/Seoul, so a replay reaches the same outcome; `now` is used only when it is absent, and
 * as `checked_at`.
 *
 * @throws AgeCheckInputError when the provider sent an impossible birthday.
 */
export function buildCheckResult(
  ref: VerificationRef,
  record: CertificationRecord | null,
  settings: AgeSettings,
  now: Date,
): CheckResult {
  const assessment = assessCertification({
    found: record !== null,
    certified: record?.certified ?? false,
    birthday: record?.birthday ?? null,
    certifiedAt: record?.certifiedAt ?? null,
    now,
    ageMin: settings.ageMin,
    rule: settings.ageRule,
  });
  return {
    provider: ref.provider,
    verificationId: ref.id,
    certification: record,
    outcome: assessment.outcome,
    age: assessment.age,
    ageMin: settings.ageMin,
    ageRule: settings.ageRule,
    checkedAt: now,
  };
}
