// The age rules: from a certification and the settings to an outcome.
export { type Assessment, type AssessmentInput, assessCertification } from "./assess-certification";
export type { AgeRule } from "./check-age";
export { OUTCOMES, type Outcome } from "./decide-outcome";
export { AgeCheckInputError } from "./errors";
