export { type Assessment, type AssessmentInput, assessCertification } from "./assess-certification";
export {
  AGE_RULES,
  type AgeCheckResult,
  type AgeRule,
  type CheckAgeInput,
  checkAge,
} from "./check-age";
export { completedYears } from "./completed-years";
export { decideOutcome, OUTCOMES, type Outcome, type OutcomeInput } from "./decide-outcome";
export { AgeCheckInputError } from "./errors";
export { referenceDateInSeoul } from "./reference-date";
