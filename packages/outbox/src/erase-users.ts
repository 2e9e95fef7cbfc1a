import { type Queryable, toDbError } from "@cert/db";
import { USER_ERASED_EVENT_TYPE, userErasedEventId } from "./user-erased-event";

/**
 * One statement, so one transaction: the personal columns of the given people are cleared
 * (`ci_hash` too, so a later verification of the same person starts a new row), `erased_at` is
 * set (to the millisecond, so the stored value, the event and the API answer agree), and one
 * `user.erased` outbox row is written per person erased now. People already erased are left
 * alone (`erased_at IS NULL`): repeating an erasure writes and publishes nothing. Certifications
 * and outcome events are kept; they hold no personal value.
 */
const ERASE_SQL = `
WITH target AS (
  SELECT * FROM unnest($1::uuid[], $2::text[]) AS t(user_id, event_id)
),
erased AS (
  UPDATE users u SET
    ci_hash = NULL, ci = NULL, di = NULL, name = NULL, phone = NULL,
    gender = NULL, birthday = NULL, carrier = NULL, foreigner = NULL,
    erased_at = date_trunc('milliseconds', now()), updated_at = now()
  FROM target t
  WHERE u.user_id = t.user_id AND u.erased_at IS NULL
  RETURNING u.user_id, u.erased_at, t.event_id
),
event AS (
  INSERT INTO outcome_events (event_id, type, payload)
  SELECT event_id, '${USER_ERASED_EVENT_TYPE}', jsonb_build_object(
    'user_id', user_id,
    'erased_at', to_char(erased_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
  FROM erased ORDER BY user_id
  ON CONFLICT (event_id) DO NOTHING
)
SELECT user_id, erased_at FROM erased`;

/** A person erased (now or before). */
export interface Erasure {
  readonly userId: string;
  readonly erasedAt: Date;
}

/**
 * Erases the given people (see `ERASE_SQL`); the one place both the admin route and the
 * retention sweep erase through. Returns the people erased by this call only.
 *
 * @throws DbError
 */
export async function eraseUsers(db: Queryable, userIds: readonly string[]): Promise<Erasure[]> {
  if (userIds.length === 0) return [];
  try {
    const { rows } = await db.query<{ user_id: string; erased_at: Date }>({
      name: "cert_erase_users",
      text: ERASE_SQL,
      values: [userIds, userIds.map(userErasedEventId)],
    });
    return rows.map((row) => ({ userId: row.user_id, erasedAt: row.erased_at }));
  } catch (error) {
    throw toDbError("erase users", error);
  }
}

/** What {@link eraseUser} did. */
export interface EraseUserResult extends Erasure {
  /** False when the person had been erased before: nothing was written or published. */
  readonly erasedNow: boolean;
}

/**
 * Erases one person, idempotently: a repeat answers the first erasure's time and publishes
 * nothing. Returns null when no such person exists. `userId` must be a well-formed uuid.
 *
 * @throws DbError
 */
export async function eraseUser(db: Queryable, userId: string): Promise<EraseUserResult | null> {
  const [erased] = await eraseUsers(db, [userId]);
  if (erased) return { ...erased, erasedNow: true };
  try {
    const { rows } = await db.query<{ erased_at: Date | null }>({
      name: "cert_find_erasure",
      text: "SELECT erased_at FROM users WHERE user_id = $1::uuid",
      values: [userId],
    });
    const before = rows[0]?.erased_at;
    return before ? { userId, erasedAt: before, erasedNow: false } : null;
  } catch (error) {
    throw toDbError("find erasure", error);
  }
}
