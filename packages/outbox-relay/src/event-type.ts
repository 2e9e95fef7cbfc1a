/** The `type` field of every outcome stream entry (CONTRACT §5). */
export const OUTCOME_EVENT_TYPE = "certification.age_checked";
