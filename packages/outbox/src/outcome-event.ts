import {
  type CheckResult,
  type CheckResultEntry,
  impUidOf,
  type StoredAgeRule,
  type StoredOutcome,
  type StoredProvider,
} from "@cert/db";
import { eventIdFor } from "./event-id";

/** The `type` field of every outcome stream entry. */
export const OUTCOME_EVENT_TYPE = "certification.age_checked";

/** The `payload` of an outcome event, exactly as the public contract lists it. */
export interface OutcomePayload {
  provider: StoredProvider;
  /** The imp_uid (V1) or identityVerificationId (V2). */
  verification_id: string;
  /** V1 only; null for V2. */
  imp_uid: string | null;
  /** The person's public id (`users.user_id`); null when no person was touched (no CI, not certified). */
  user_id: string | null;
  outcome: StoredOutcome;
  age: number | null;
  age_min: number;
  age_rule: StoredAgeRule;
  /** ISO 8601 UTC, or null. */
  certified_at: string | null;
  /** ISO 8601 UTC. */
  checked_at: string;
}

/**
 * The event payload for a check result, with ISO 8601 UTC timestamps. Keys are listed
 * explicitly so nothing else (name, birthday, phone, CI) can slip into the stream. `user_id` is
 * a placeholder here: only the persist statement knows the person's id, and sets it.
 */
export function outcomePayloadFor(result: CheckResult): OutcomePayload {
  const certification = result.certification;
  return {
    provider: result.provider,
    verification_id: result.verificationId,
    imp_uid: impUidOf(result),
    user_id: null,
    outcome: result.outcome,
    age: result.age,
    age_min: result.ageMin,
    age_rule: result.ageRule,
    certified_at: certification?.certifiedAt?.toISOString() ?? null,
    checked_at: result.checkedAt.toISOString(),
  };
}

/** A check result with its outbox event, as the persist statement takes it. */
export function outcomeEntryFor(result: CheckResult): CheckResultEntry {
  return {
    result,
    eventId: eventIdFor(result.verificationId, result.provider),
    payload: JSON.stringify(outcomePayloadFor(result)),
  };
}
