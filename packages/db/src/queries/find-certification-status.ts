import { toDbError } from "../errors";
import { eventIdFor } from "../event-id";
import type { Queryable, StoredAgeRule, StoredOutcome } from "../types";

/** What the API may show about an imp_uid: no name, birthday, phone, unique_key or DI. */
export interface CertificationStatus {
  impUid: string;
  outcome: StoredOutcome;
  /** Completed years at the reference date, or null. */
  age: number | null;
  ageMin: number;
  ageRule: StoredAgeRule;
  /** The provider's flag; null for `not_found`. */
  certified: boolean | null;
  certifiedAt: Date | null;
  checkedAt: Date;
  /** The outcome event's id. */
  eventId: string;
  /** When the event reached the stream; null while it waits in the outbox. */
  publishedAt: Date | null;
}

interface StatusRow {
  imp_uid: string;
  outcome: StoredOutcome;
  age: number | null;
  age_min: number;
  age_rule: StoredAgeRule;
  certified: boolean | null;
  certified_at: Date | null;
  checked_at: Date;
  event_id: string;
  published_at: Date | null;
}

/**
 * The recorded outcome of `impUid`, or null when no final state was recorded yet. Two unique
 * index lookups: the certification by imp_uid, its event by the derived event_id.
 *
 * @throws DbError
 */
export async function findCertificationStatus(
  db: Queryable,
  impUid: string,
): Promise<CertificationStatus | null> {
  try {
    const { rows } = await db.query<StatusRow>({
      name: "cert_find_certification_status",
      text: `SELECT c.imp_uid, c.outcome, c.age, c.age_min, c.age_rule, c.certified,
                    c.certified_at, c.checked_at, e.event_id, e.published_at
             FROM certifications c
             JOIN outcome_events e ON e.event_id = $2::text
             WHERE c.imp_uid = $1::text`,
      values: [impUid, eventIdFor(impUid)],
    });
    const row = rows[0];
    if (!row) return null;
    return {
      impUid: row.imp_uid,
      outcome: row.outcome,
      age: row.age,
      ageMin: row.age_min,
      ageRule: row.age_rule,
      certified: row.certified,
      certifiedAt: row.certified_at,
      checkedAt: row.checked_at,
      eventId: row.event_id,
      publishedAt: row.published_at,
    };
  } catch (error) {
    throw toDbError("find certification status", error);
  }
}
