import { type Queryable, toDbError } from "@cert/db";
import { OUTBOX_DEFAULTS } from "../outbox-defaults";
import type { OutcomePayload } from "../outcome-event";
import type { UserErasedPayload } from "../user-erased-event";

/** An outbox row handed to a relay. */
export interface OutboxEvent {
  /** `outcome_events.id`, the readers' cursor (bigserial, exact as a number below 2^53). */
  id: number;
  eventId: string;
  /** V1 events only. */
  impUid: string | null;
  /** `certification.age_checked` or `user.erased`. */
  type: string;
  /** An outcome's payload, or `{"user_id","erased_at"}` for `user.erased`. */
  payload: OutcomePayload | UserErasedPayload;
  createdAt: Date;
}

/**
 * Claim design: a lease column, `outcome_events.claimed_until` (internal, not part of the
 * public table contract).
 *
 * One autocommit statement picks the oldest unpublished, unleased rows with
 * `FOR UPDATE SKIP LOCKED` and stamps them `claimed_until = now() + lease`. Its row locks last
 * only for that statement; the relay then publishes to Redis with no transaction open and
 * calls {@link markEventsPublished}. Consequences:
 * - Two relays never receive the same row while its lease runs: a concurrent claimer either
 *   skips the locked row or, once the first commits, re-checks it and sees the lease.
 * - A relay that crashes after claiming loses nothing: its rows are claimable again when the
 *   lease expires (or at once after {@link releaseEventClaims} when a publish fails).
 * - A relay slower than its lease may see a row claimed and published twice. Delivery is
 *   at-least-once anyway; consumers deduplicate on `event_id`.
 * The alternatives were worse: marking published before publishing loses events on a crash;
 * holding the row locks across the publish keeps transactions open on Redis latency; per-row
 * advisory locks need a dedicated session per relay and do not survive connection poolers.
 * The lease uses the database clock, so relays' clocks need not agree.
 */
const CLAIM_SQL = `
WITH claimed AS (
  UPDATE outcome_events
  SET claimed_until = now() + make_interval(secs => $2::double precision / 1000)
  WHERE id IN (
    SELECT id FROM outcome_events
    WHERE published_at IS NULL AND (claimed_until IS NULL OR claimed_until <= now())
    ORDER BY id
    LIMIT $1::int
    FOR UPDATE SKIP LOCKED
  )
  RETURNING id, event_id, imp_uid, type, payload, created_at
)
SELECT id, event_id, imp_uid, type, payload, created_at FROM claimed ORDER BY id`;

export interface ClaimOptions {
  /** Most rows to claim. Default `OUTBOX_DEFAULTS.batchSize`. */
  limit?: number;
  /** How long (ms) the claim holds before another relay may take the rows. Default `OUTBOX_DEFAULTS.leaseMs`. */
  leaseMs?: number;
}

interface ClaimRow {
  id: string;
  event_id: string;
  imp_uid: string | null;
  type: string;
  payload: OutcomePayload | UserErasedPayload;
  created_at: Date;
}

/**
 * Leases up to `limit` unpublished events, oldest first, for this caller alone. Publish them,
 * then call {@link markEventsPublished} with their ids.
 *
 * @throws DbError
 */
export async function claimUnpublishedEvents(
  db: Queryable,
  options: ClaimOptions = {},
): Promise<OutboxEvent[]> {
  const limit = options.limit ?? OUTBOX_DEFAULTS.batchSize;
  const leaseMs = options.leaseMs ?? OUTBOX_DEFAULTS.leaseMs;
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError("limit must be a positive integer");
  if (!(leaseMs > 0)) throw new RangeError("leaseMs must be positive");
  try {
    const { rows } = await db.query<ClaimRow>({
      name: "cert_claim_unpublished_events",
      text: CLAIM_SQL,
      values: [limit, leaseMs],
    });
    return rows.map((row) => ({
      id: Number(row.id),
      eventId: row.event_id,
      impUid: row.imp_uid,
      type: row.type,
      payload: row.payload,
      createdAt: row.created_at,
    }));
  } catch (error) {
    throw toDbError("claim unpublished events", error);
  }
}

/**
 * Gives claimed but unpublished events back at once (the publish failed), instead of waiting
 * for the lease to expire. Returns how many were released.
 *
 * @throws DbError
 */
export async function releaseEventClaims(db: Queryable, ids: readonly number[]): Promise<number> {
  if (ids.length === 0) return 0;
  try {
    const { rowCount } = await db.query({
      name: "cert_release_event_claims",
      text: `UPDATE outcome_events SET claimed_until = NULL
             WHERE id = ANY($1::bigint[]) AND published_at IS NULL`,
      values: [ids],
    });
    return rowCount ?? 0;
  } catch (error) {
    throw toDbError("release event claims", error);
  }
}
