import { type AgeRule, checkAge } from "./check-age";
import { decideOutcome, type Outcome } from "./decide-outcome";
import { referenceDateInSeoul } from "./reference-date";

export interface AssessmentInput {
  /** False when the provider has no certification for the imp_uid. */
  readonly found: boolean;
  /** The provider's `certified` flag (ignored when not found). */
  readonly certified: boolean;
  /** `YYYY-MM-DD` or null. */
  readonly birthday: string | null;
  /** The provider's `certified_at`, or null when absent. */
  readonly certifiedAt: Date | null;
  /** Processing time; used as the reference only when `certifiedAt` is null. */
  readonly now: Date;
  /** Minimum age (config `AGE_MIN`). */
  readonly ageMin: number;
  /** Age rule (config `AGE_RULE`). */
  readonly rule: AgeRule;
}

export interface Assessment {
  readonly outcome: Outcome;
  /**
   * Completed years at the reference date; null unless the outcome is `passed` or `failed`
   * (an unfinished certification's birthday is not verified, so no age is reported for it).
   */
  readonly age: number | null;
  /** The Asia/Seoul calendar date the rule was applied on. */
  readonly referenceDate: string;
}

/**
 * The whole decision for one certification in one call: reference date, age rule, outcome.
 * Pure and deterministic for a given `certifiedAt`, so a replayed job gives the same result.
 */
export function assessCertification(input: AssessmentInput): Assessment {
  const referenceDate = referenceDateInSeoul(input.certifiedAt, input.now);
  const decidable = input.found && input.certified && input.birthday !== null;
  const check = decidable
    ? checkAge({
        birthday: input.birthday,
        reference: referenceDate,
        ageMin: input.ageMin,
        rule: input.rule,
      })
    : null;
  const outcome = decideOutcome({
    found: input.found,
    certified: input.certified,
    birthday: input.birthday,
    check,
  });
  return { outcome, age: check?.age ?? null, referenceDate };
}
