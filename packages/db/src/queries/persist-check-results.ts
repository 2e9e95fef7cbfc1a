import type { PiiCipher } from "@cert/pii";
import { toDbError } from "../errors";
import type { CheckResult, Queryable } from "../types";

/** Profile columns a certification overwrites only when it is at least as recent as the stored one. */
const PROFILE_COLUMNS = [
  "ci",
  "di",
  "name",
  "gender",
  "birthday",
  "phone",
  "carrier",
  "foreigner",
  "last_imp_uid",
  "last_provider",
  "last_verification_id",
] as const;

/** Null certified_at never beats a known one; with nothing stored, the latest processed wins. */
const IS_NEWER =
  "(u.last_certified_at IS NULL OR EXCLUDED.last_certified_at >= u.last_certified_at)";

/**
 * One statement for any number of results, so one round trip and one implicit transaction for
 * all three tables and all rows. The rows arrive as one array per column (`unnest`), so the
 * statement text, and its prepared plan, is the same whatever the batch size. Personal values
 * arrive already encrypted, with the CI's keyed hash (`ci_hash`) to merge people on.
 * Data-modifying CTEs share a snapshot, so:
 * - a row whose verification was recorded before (a replay) upserts no user: the profile is touched
 *   once per verification. Two first attempts racing both pass that check, but write the same
 *   profile, and the certification and event inserts of the second wait for the first and then
 *   do nothing.
 * - the foreign key from certifications to users is checked at the end of the statement, when
 *   the user rows inserted by `upsert_user` are visible.
 * - `upsert_user` returns the `user_id` of new and existing people alike, which the certification
 *   row and the event's payload take. An erased person has no `ci_hash`, so never conflicts: a
 *   later verification starts a new row.
 * The first recorded outcome therefore never changes (ON CONFLICT DO NOTHING on both logs).
 * Users are upserted in ci_hash order and certifications in (provider, verification_id) order, so
 * two writers' batches take their row locks in the same order and do not deadlock each other.
 * A batch must not hold one person twice (Postgres refuses to upsert one row twice in a
 * statement); the outbox's outcome writer never builds such a batch.
 * The replay check ends in `OFFSET 0`, which keeps it a per-row probe of the certifications key.
 * Without it the planner may turn it into a hash anti-join that reads the whole table, and a
 * plan cached while the table was small (a new deployment, before its first ANALYZE) keeps doing
 * that as the table grows: every batch then costs time in proportion to all certifications.
 * `$25` (ms) stamps new outbox rows as claimed by the writer, which publishes them itself.
 */
const PERSIST_SQL = `
WITH input AS (
  SELECT * FROM unnest(
    $1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[],
    $8::text[], $9::text[], $10::boolean[], $11::timestamptz[], $12::text[], $13::text[],
    $14::text[], $15::boolean[], $16::text[], $17::int[], $18::int[], $19::text[],
    $20::timestamptz[], $21::text[], $22::jsonb[], $23::text[], $24::text[]
  ) WITH ORDINALITY AS t(
    imp_uid, ci_hash, ci, di, name, gender, birthday, phone,
    carrier, foreigner, certified_at, merchant_uid, pg_provider, pg_tid,
    certified, outcome, age, age_min, age_rule, checked_at,
    event_id, payload, provider, verification_id, ord
  )
),
upsert_user AS (
  INSERT INTO users AS u (
    ci_hash, ci, di, name, gender, birthday, phone, carrier, foreigner,
    first_certified_at, last_certified_at, last_imp_uid, last_provider, last_verification_id
  )
  SELECT i.ci_hash, i.ci, i.di, i.name, i.gender, i.birthday, i.phone, i.carrier,
         i.foreigner, i.certified_at, i.certified_at, i.imp_uid, i.provider, i.verification_id
  FROM input i
  WHERE i.ci_hash IS NOT NULL
    AND NOT EXISTS (
      SELECT 1 FROM certifications c
      WHERE c.provider = i.provider AND c.verification_id = i.verification_id
      OFFSET 0
    )
  ORDER BY i.ci_hash
  ON CONFLICT (ci_hash) DO UPDATE SET
    first_certified_at = LEAST(u.first_certified_at, EXCLUDED.first_certified_at),
    last_certified_at = GREATEST(u.last_certified_at, EXCLUDED.last_certified_at),
    ${PROFILE_COLUMNS.map((c) => `${c} = CASE WHEN ${IS_NEWER} THEN EXCLUDED.${c} ELSE u.${c} END`).join(",\n    ")},
    updated_at = now()
  RETURNING u.user_id, u.ci_hash
),
person AS (
  SELECT i.*, uu.user_id FROM input i LEFT JOIN upsert_user uu ON uu.ci_hash = i.ci_hash
),
insert_certification AS (
  INSERT INTO certifications (
    provider, verification_id, imp_uid, user_id, merchant_uid, pg_provider, pg_tid,
    certified, certified_at, outcome, age, age_min, age_rule, checked_at
  )
  SELECT provider, verification_id, imp_uid, user_id, merchant_uid, pg_provider, pg_tid,
         certified, certified_at, outcome, age, age_min, age_rule, checked_at
  FROM person ORDER BY provider, verification_id
  ON CONFLICT (provider, verification_id) DO NOTHING
  RETURNING 1
),
insert_event AS (
  INSERT INTO outcome_events (event_id, imp_uid, payload, claimed_until)
  SELECT event_id, imp_uid, payload || jsonb_build_object('user_id', user_id),
         now() + make_interval(secs => $25::double precision / 1000)
  FROM person ORDER BY ord
  ON CONFLICT (event_id) DO NOTHING
  RETURNING id, event_id, payload
)
SELECT id, event_id, payload::text AS payload FROM insert_event`;

/** A finished check and the outbox event it records (built by @cert/outbox). */
export interface CheckResultEntry {
  readonly result: CheckResult;
  /** The event's `event_id`. */
  readonly eventId: string;
  /**
   * The event's payload, JSON text, without the person: the statement sets its `user_id` to
   * the id the users upsert returned (null when no person was touched).
   */
  readonly payload: string;
}

export interface PersistResult {
  /** The outcome event's id, whether inserted now or before. */
  eventId: string;
  /** False for a replay: the verification's outcome and event were already recorded. */
  inserted: boolean;
}

/** An outbox row written just now, claimed by its writer (see `claimForMs`). */
export interface WrittenEvent {
  /** `outcome_events.id`. */
  readonly id: number;
  readonly eventId: string;
  /** The payload as stored (with its `user_id`), JSON text. */
  readonly payload: string;
}

export interface PersistOptions {
  /** Encrypts the personal columns and computes the CI's lookup hash before the statement. */
  cipher: PiiCipher;
  /**
   * Stamp the new outbox rows as claimed for this long (ms), so relays leave them to the writer,
   * which publishes them right after the commit; if it cannot, they become claimable when the
   * claim lapses. Default: unclaimed (the next relay sweep publishes them).
   */
  claimForMs?: number;
}

export interface PersistBatchResult {
  /** One per input result, in input order. */
  readonly results: PersistResult[];
  /** The outbox rows inserted by this call, in input order. */
  readonly written: WrittenEvent[];
}

/** `imp_uid` as stored: the verification id of a V1 result, null for any other provider. */
export function impUidOf(result: Pick<CheckResult, "provider" | "verificationId">): string | null {
  return result.provider === "iamport" ? result.verificationId : null;
}

/**
 * The person a result is about: the CI of a certified verification, else null. A verification
 * that is not certified never touches a profile, nor points at one.
 */
export function personKeyOf(result: Pick<CheckResult, "certification">): string | null {
  const c = result.certification;
  return c?.certified ? c.uniqueKey : null;
}

/**
 * The statement's parameters: one array per column, in `PERSIST_SQL`'s order. The only place
 * personal values are encrypted for storage: each with a fresh nonce, the CI also hashed.
 * A result that touches no person stores none of them.
 */
function columnsOf(entries: readonly CheckResultEntry[], cipher: PiiCipher): unknown[][] {
  const columns: unknown[][] = Array.from({ length: 24 }, () => []);
  for (const { result, eventId, payload } of entries) {
    const ci = personKeyOf(result);
    const c = ci === null ? null : result.certification;
    const row = [
      impUidOf(result),
      ci === null ? null : cipher.ciHash(ci),
      cipher.encryptNullable("ci", ci),
      cipher.encryptNullable("di", c?.uniqueInSite),
      cipher.encryptNullable("name", c?.name),
      c?.gender ?? null,
      c?.birthday ?? null,
      cipher.encryptNullable("phone", c?.phone),
      c?.carrier ?? null,
      c?.foreigner ?? null,
      result.certification?.certifiedAt?.toISOString() ?? null,
      result.certification?.merchantUid ?? null,
      result.certification?.pgProvider ?? null,
      result.certification?.pgTid ?? null,
      result.certification?.certified ?? null,
      result.outcome,
      result.age,
      result.ageMin,
      result.ageRule,
      result.checkedAt.toISOString(),
      eventId,
      payload,
      result.provider,
      result.verificationId,
    ];
    row.forEach((value, column) => {
      columns[column]?.push(value);
    });
  }
  return columns;
}

/**
 * Records finished checks: per result, upserts the person in `users`, merged on the CI's keyed
 * hash, personal values encrypted (unless the provider gave no CI or the verification is not certified; an older one processed late updates only first/last_certified_at),
 * inserts the `certifications` row and the `outcome_events` outbox row (its id and payload given
 * by the caller), all of them atomically in a single round trip. Idempotent: replaying a
 * verification writes nothing. `entries` must not hold one person (CI) twice.
 *
 * @throws DbError (`retryable` when the database was unreachable or the transaction aborted);
 * PiiInputError (before any statement) for a personal value that cannot be stored faithfully.
 */
export async function persistCheckResults(
  db: Queryable,
  entries: readonly CheckResultEntry[],
  options: PersistOptions,
): Promise<PersistBatchResult> {
  if (entries.length === 0) return { results: [], written: [] };
  // Outside the try: a value the cipher refuses (PiiInputError) is no database failure.
  const values = [...columnsOf(entries, options.cipher), options.claimForMs ?? null];
  let rows: { id: string; event_id: string; payload: string }[];
  try {
    // A named statement is parsed once per connection: only Bind/Execute on the hot path.
    ({ rows } = await db.query<{ id: string; event_id: string; payload: string }>({
      name: "cert_persist_check_results",
      text: PERSIST_SQL,
      values,
    }));
  } catch (error) {
    throw toDbError("persist check results", error);
  }
  const inserted = new Map(rows.map((row) => [row.event_id, row]));
  const written: WrittenEvent[] = [];
  const persisted = entries.map(({ eventId }) => {
    const row = inserted.get(eventId);
    // A verification given twice was inserted once: only its first occurrence reports it.
    inserted.delete(eventId);
    if (row !== undefined) written.push({ id: Number(row.id), eventId, payload: row.payload });
    return { eventId, inserted: row !== undefined };
  });
  return { results: persisted, written };
}
