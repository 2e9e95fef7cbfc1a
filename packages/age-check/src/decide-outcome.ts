import type { AgeCheckResult } from "./check-age";
import { AgeCheckInputError } from "./errors";

/** The final state of one imp_uid, as the outcome event reports it. */
export type Outcome = "passed" | "failed" | "not_certified" | "no_birthday" | "not_found";

/** Every outcome, in the order {@link decideOutcome} considers them. */
export const OUTCOMES: readonly Outcome[] = [
  "not_found",
  "not_certified",
  "no_birthday",
  "passed",
  "failed",
];

export interface OutcomeInput {
  /** False when the provider has no certification for the imp_uid. */
  readonly found: boolean;
  /** The provider's `certified` flag; ignored when not found. */
  readonly certified: boolean;
  /** `YYYY-MM-DD` or null; ignored when not found or not certified. */
  readonly birthday: string | null;
  /** Result of {@link checkAge}; required when found, certified and a birthday is present. */
  readonly check: AgeCheckResult | null;
}

/**
 * Maps what the provider said to an outcome, in precedence order: not found, then not
 * certified, then no birthday, then the age rule.
 *
 * @throws AgeCheckInputError when a birthday is present but no decided check was supplied
 *   (a programming error, not a data error).
 */
export function decideOutcome(input: OutcomeInput): Outcome {
  if (!input.found) return "not_found";
  if (!input.certified) return "not_certified";
  if (input.birthday === null) return "no_birthday";
  if (input.check?.passed == null) {
    throw new AgeCheckInputError("missing_check", "a birthday is present but was not checked");
  }
  return input.check.passed ? "passed" : "failed";
}
