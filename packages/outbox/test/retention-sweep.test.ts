import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { eraseUser, sweepRetention, userErasedEventId, writeOutcome } from "../src";
import { certificationRecord, checkResult, nextImpUid, testCipher } from "./fixtures";
import { usePooledTestDatabase } from "./helpers";

const database = usePooledTestDatabase();
let pool: pg.Pool;

beforeAll(() => {
  pool = database.pool();
});

/** A person last verified `daysAgo` days ago; returns their user_id. */
async function personVerified(daysAgo: number): Promise<string> {
  const result = checkResult({
    certification: certificationRecord({
      uniqueKey: `CI-${nextImpUid()}`,
      certifiedAt: new Date(Date.now() - daysAgo * 86_400_000),
    }),
  });
  await writeOutcome(pool, result, testCipher);
  const { rows } = await pool.query<{ user_id: string }>(
    "SELECT user_id FROM certifications WHERE verification_id = $1",
    [result.verificationId],
  );
  return rows[0]?.user_id as string;
}

const stateOf = async (userId: string) =>
  (
    await pool.query<{ erased_at: Date | null; ci: string | null; events: number }>(
      `SELECT u.erased_at, u.ci,
              (SELECT count(*)::int FROM outcome_events e
               WHERE e.type = 'user.erased' AND e.payload->>'user_id' = $1::text) AS events
       FROM users u WHERE u.user_id = $1::uuid`,
      [userId],
    )
  ).rows[0];

describe("sweepRetention", () => {
  it("erases people older than the retention, keeps recent ones, exactly once with two sweepers racing", async () => {
    const old = await Promise.all(Array.from({ length: 7 }, () => personVerified(400)));
    const recent = await personVerified(10);

    // Two workers' sweeps at once, small batches so they interleave.
    const sweeps = await Promise.all([
      sweepRetention(pool, { retentionDays: 365, batchSize: 2 }),
      sweepRetention(pool, { retentionDays: 365, batchSize: 2 }),
    ]);
    expect(sweeps[0].erased + sweeps[1].erased).toBe(7);

    for (const userId of old) {
      const state = await stateOf(userId);
      expect(state?.erased_at).toBeInstanceOf(Date);
      expect(state?.ci).toBeNull();
      expect(state?.events).toBe(1);
    }
    expect(await stateOf(recent)).toMatchObject({ erased_at: null, events: 0 });
    expect((await stateOf(recent))?.ci).toEqual(expect.any(String));

    // Nothing left: a further sweep erases nothing and publishes nothing.
    expect((await sweepRetention(pool, { retentionDays: 365 })).erased).toBe(0);
    const events = await pool.query<{ event_id: string }>(
      "SELECT event_id FROM outcome_events WHERE type = 'user.erased' AND payload->>'user_id' = ANY($1)",
      [old],
    );
    expect(events.rows.map((r) => r.event_id).sort()).toEqual(old.map(userErasedEventId).sort());
  });

  it("uses the admin erasure: a person erased by the sweep answers the same erased_at there", async () => {
    const userId = await personVerified(800);
    expect((await sweepRetention(pool, { retentionDays: 365 })).erased).toBeGreaterThanOrEqual(1);
    const state = await stateOf(userId);
    expect(await eraseUser(pool, userId)).toEqual({
      userId,
      erasedAt: state?.erased_at,
      erasedNow: false,
    });
    expect((await stateOf(userId))?.events).toBe(1);
  });

  it("reads the people due through the retention index, not the whole users table", async () => {
    await personVerified(900);
    // One connection that refuses sequential scans where any index can serve: the sweep's
    // query must then be served by the retention index, so that index matches its predicate.
    const indexOnly = new pg.Pool({
      connectionString: database.url(),
      max: 1,
      options: "-c enable_seqscan=off",
    });
    const retentionIndexScans = async () => {
      await indexOnly.query("SELECT pg_stat_force_next_flush()");
      await indexOnly.query("SELECT 1"); // the flush happens when a transaction ends
      const { rows } = await indexOnly.query<{ idx_scan: string }>(
        "SELECT idx_scan FROM pg_stat_user_indexes WHERE indexrelname = 'users_retention_idx'",
      );
      return Number(rows[0]?.idx_scan);
    };
    try {
      const before = await retentionIndexScans();
      expect((await sweepRetention(indexOnly, { retentionDays: 365 })).erased).toBe(1);
      expect(await retentionIndexScans()).toBeGreaterThan(before);
    } finally {
      await indexOnly.end();
    }
  });
});
