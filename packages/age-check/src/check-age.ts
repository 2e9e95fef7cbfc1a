import { completedYears } from "./completed-years";
import { AgeCheckInputError } from "./errors";
import { parseInputDate } from "./input-date";

/**
 * How the minimum age is applied (config `AGE_RULE`).
 * - `calendar-year`: passes when birth year <= reference year - ageMin (Korean Youth Protection
 *   Act "연 나이": everyone born in the same year becomes eligible on January 1).
 * - `full-years`: passes when completed years of age >= ageMin (the birthday must have passed).
 */
export type AgeRule = "calendar-year" | "full-years";

/** The age rules this package knows, for validating configuration. */
export const AGE_RULES: readonly AgeRule[] = ["calendar-year", "full-years"];

export interface CheckAgeInput {
  /** `YYYY-MM-DD`, or null when the provider gave none. */
  readonly birthday: string | null;
  /** `YYYY-MM-DD` reference date, normally from {@link referenceDateInSeoul}. */
  readonly reference: string;
  /** Minimum age, a non-negative integer (config `AGE_MIN`, default 19). */
  readonly ageMin: number;
  readonly rule: AgeRule;
}

export interface AgeCheckResult {
  /**
   * Completed years at the reference date, whichever rule decides; null without a birthday, or
   * when the birthday is after the reference date (impossible data).
   */
  readonly age: number | null;
  /** Whether the rule passes; null without a birthday (nothing to decide on). */
  readonly passed: boolean | null;
}

/**
 * Applies the age rule. `age` is always completed years (what the event reports), so under
 * `calendar-year` a person can pass while `age` is below `ageMin` (born later in the year).
 *
 * A birthday after the reference date cannot belong to a real certification; it fails under
 * both rules (with no age) rather than passing a 0-year minimum or reporting a negative age.
 *
 * @throws AgeCheckInputError for a malformed date or a negative/non-integer `ageMin`.
 */
export function checkAge(input: CheckAgeInput): AgeCheckResult {
  const { birthday, reference, ageMin, rule } = input;
  if (!Number.isInteger(ageMin) || ageMin < 0) {
    throw new AgeCheckInputError("invalid_age_min", "ageMin must be a non-negative integer");
  }
  const ref = parseInputDate(reference, "invalid_reference_date");
  if (birthday === null) return { age: null, passed: null };

  const age = completedYears(birthday, reference);
  if (age < 0) return { age: null, passed: false };
  const passed =
    rule === "calendar-year"
      ? parseInputDate(birthday, "invalid_birthday").year <= ref.year - ageMin
      : age >= ageMin;
  return { age, passed };
}
