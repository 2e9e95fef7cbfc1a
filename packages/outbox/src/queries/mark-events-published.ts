import { type Queryable, toDbError } from "@cert/db";

/**
 * Records that events reached the stream. Rows already marked keep their first
 * `published_at`, so a duplicate publication after an expired lease is harmless. Returns how
 * many rows were newly marked.
 *
 * @throws DbError
 */
export async function markEventsPublished(db: Queryable, ids: readonly number[]): Promise<number> {
  if (ids.length === 0) return 0;
  try {
    const { rowCount } = await db.query({
      name: "cert_mark_events_published",
      text: `UPDATE outcome_events SET published_at = now(), claimed_until = NULL
             WHERE id = ANY($1::bigint[]) AND published_at IS NULL`,
      values: [ids],
    });
    return rowCount ?? 0;
  } catch (error) {
    throw toDbError("mark events published", error);
  }
}
