import { toDbError } from "../errors";
import type { Queryable, StoredAgeRule, StoredOutcome, StoredProvider } from "../types";

/** What the API may show about a verification: no name, birthday, phone, CI or DI. */
export interface CertificationStatus {
  provider: StoredProvider;
  /** The imp_uid (V1) or identityVerificationId (V2). */
  verificationId: string;
  outcome: StoredOutcome;
  /** Completed years at the reference date, or null. */
  age: number | null;
  ageMin: number;
  ageRule: StoredAgeRule;
  /** The provider's flag; null for `not_found`. */
  certified: boolean | null;
  certifiedAt: Date | null;
  checkedAt: Date;
}

interface StatusRow {
  outcome: StoredOutcome;
  age: number | null;
  age_min: number;
  age_rule: StoredAgeRule;
  certified: boolean | null;
  certified_at: Date | null;
  checked_at: Date;
}

/**
 * The recorded outcome of a verification, or null when no final state was recorded yet. One
 * primary key lookup: the certification row and its outcome event are written in one
 * statement, so the row alone says the outcome is final.
 *
 * @throws DbError
 */
export async function findCertificationStatus(
  db: Queryable,
  provider: StoredProvider,
  verificationId: string,
): Promise<CertificationStatus | null> {
  try {
    const { rows } = await db.query<StatusRow>({
      name: "cert_find_certification_status",
      text: `SELECT outcome, age, age_min, age_rule, certified, certified_at, checked_at
             FROM certifications WHERE provider = $1::text AND verification_id = $2::text`,
      values: [provider, verificationId],
    });
    const row = rows[0];
    if (!row) return null;
    return {
      provider,
      verificationId,
      outcome: row.outcome,
      age: row.age,
      ageMin: row.age_min,
      ageRule: row.age_rule,
      certified: row.certified,
      certifiedAt: row.certified_at,
      checkedAt: row.checked_at,
    };
  } catch (error) {
    throw toDbError("find certification status", error);
  }
}
