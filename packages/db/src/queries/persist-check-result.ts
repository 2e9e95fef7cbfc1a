import { toDbError } from "../errors";
import { eventIdFor } from "../event-id";
import { outcomePayloadFor } from "../outcome-payload";
import type { CheckResult, Queryable } from "../types";

/** Profile columns a certification overwrites only when it is at least as recent as the stored one. */
const PROFILE_COLUMNS = [
  "unique_in_site",
  "name",
  "gender",
  "birthday",
  "phone",
  "carrier",
  "foreigner",
  "last_imp_uid",
] as const;

/** Null certified_at never beats a known one; with nothing stored, the latest processed wins. */
const IS_NEWER =
  "(u.last_certified_at IS NULL OR EXCLUDED.last_certified_at >= u.last_certified_at)";

/**
 * One statement, so one round trip and one implicit transaction for all three tables.
 * Data-modifying CTEs share a snapshot, so:
 * - `already` (this imp_uid was recorded before) gates the users upsert: a replay touches no row.
 *   Two first attempts racing both pass it, but write the same profile, and the certification
 *   and event inserts of the second wait for the first and then do nothing.
 * - the foreign key from certifications to users is checked at the end of the statement, when
 *   the user row inserted by `upsert_user` is visible.
 * The first recorded outcome therefore never changes (ON CONFLICT DO NOTHING on both logs).
 */
const PERSIST_SQL = `
WITH already AS (
  SELECT 1 FROM certifications WHERE imp_uid = $1::text
),
upsert_user AS (
  INSERT INTO users AS u (
    unique_key, unique_in_site, name, gender, birthday, phone, carrier, foreigner,
    first_certified_at, last_certified_at, last_imp_uid
  )
  SELECT $2::text, $3::text, $4::text, $5::text, $6::date, $7::text, $8::text, $9::boolean,
         $10::timestamptz, $10::timestamptz, $1::text
  WHERE $2::text IS NOT NULL AND NOT EXISTS (SELECT 1 FROM already)
  ON CONFLICT (unique_key) DO UPDATE SET
    first_certified_at = LEAST(u.first_certified_at, EXCLUDED.first_certified_at),
    last_certified_at = GREATEST(u.last_certified_at, EXCLUDED.last_certified_at),
    ${PROFILE_COLUMNS.map((c) => `${c} = CASE WHEN ${IS_NEWER} THEN EXCLUDED.${c} ELSE u.${c} END`).join(",\n    ")},
    updated_at = now()
  RETURNING 1
),
insert_certification AS (
  INSERT INTO certifications (
    imp_uid, unique_key, merchant_uid, pg_provider, pg_tid, certified, certified_at,
    outcome, age, age_min, age_rule, checked_at
  )
  VALUES ($1::text, $2::text, $11::text, $12::text, $13::text, $14::boolean, $10::timestamptz,
          $15::text, $16::int, $17::int, $18::text, $19::timestamptz)
  ON CONFLICT (imp_uid) DO NOTHING
  RETURNING 1
),
insert_event AS (
  INSERT INTO outcome_events (event_id, imp_uid, payload)
  VALUES ($20::text, $1::text, $21::jsonb)
  ON CONFLICT (event_id) DO NOTHING
  RETURNING id
)
SELECT EXISTS (SELECT 1 FROM insert_event) AS inserted`;

export interface PersistResult {
  /** The outcome event's id ({@link eventIdFor}), whether inserted now or before. */
  eventId: string;
  /** False for a replay: the imp_uid's outcome and event were already recorded. */
  inserted: boolean;
}

/**
 * Records a finished check: upserts the person in `users` (unless the provider gave no
 * unique_key; an older certification processed late updates only first/last_certified_at),
 * inserts the `certifications` row and the `outcome_events` outbox row, all atomically in a
 * single round trip. Idempotent: replaying the same imp_uid writes nothing.
 *
 * @throws DbError (`retryable` when the database was unreachable or the transaction aborted).
 */
export async function persistCheckResult(
  db: Queryable,
  result: CheckResult,
): Promise<PersistResult> {
  const c = result.certification;
  const eventId = eventIdFor(result.impUid);
  const values = [
    result.impUid,
    c?.uniqueKey ?? null,
    c?.uniqueInSite ?? null,
    c?.name ?? null,
    c?.gender ?? null,
    c?.birthday ?? null,
    c?.phone ?? null,
    c?.carrier ?? null,
    c?.foreigner ?? null,
    c?.certifiedAt ?? null,
    c?.merchantUid ?? null,
    c?.pgProvider ?? null,
    c?.pgTid ?? null,
    c?.certified ?? null,
    result.outcome,
    result.age,
    result.ageMin,
    result.ageRule,
    result.checkedAt,
    eventId,
    JSON.stringify(outcomePayloadFor(result)),
  ];
  try {
    // A named statement is parsed once per connection: only Bind/Execute on the hot path.
    const { rows } = await db.query<{ inserted: boolean }>({
      name: "cert_persist_check_result",
      text: PERSIST_SQL,
      values,
    });
    return { eventId, inserted: rows[0]?.inserted === true };
  } catch (error) {
    throw toDbError("persist check result", error);
  }
}
