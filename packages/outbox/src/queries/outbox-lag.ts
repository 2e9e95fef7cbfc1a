import { type Queryable, toDbError } from "@cert/db";

/**
 * Age of the oldest unpublished outcome event, in seconds (0 when none waits): how far the
 * stream is behind the database. Cheap at any size: the first row of the partial index of
 * unpublished rows (ids grow with time, so the lowest id is the oldest row).
 *
 * @throws DbError
 */
export async function outboxLagSeconds(db: Queryable): Promise<number> {
  try {
    const { rows } = await db.query<{ lag: string | number }>({
      name: "cert_outbox_lag",
      text: `SELECT COALESCE(EXTRACT(EPOCH FROM now() - (
               SELECT created_at FROM outcome_events WHERE published_at IS NULL ORDER BY id LIMIT 1
             )), 0) AS lag`,
    });
    return Math.max(0, Number(rows[0]?.lag ?? 0));
  } catch (error) {
    throw toDbError("outbox lag", error);
  }
}
