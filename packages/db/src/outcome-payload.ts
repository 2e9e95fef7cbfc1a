import type { CheckResult, OutcomePayload } from "./types";

/**
 * The event payload for a check result (CONTRACT §5), with ISO 8601 UTC timestamps. Keys are
 * listed explicitly so nothing else (name, birthday, phone) can slip into the stream.
 */
export function outcomePayloadFor(result: CheckResult): OutcomePayload {
  const certification = result.certification;
  return {
    imp_uid: result.impUid,
    unique_key: certification?.uniqueKey ?? null,
    outcome: result.outcome,
    age: result.age,
    age_min: result.ageMin,
    age_rule: result.ageRule,
    certified_at: certification?.certifiedAt?.toISOString() ?? null,
    checked_at: result.checkedAt.toISOString(),
  };
}
