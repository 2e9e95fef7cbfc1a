import { certificationRecord, checkResult, nextImpUid } from "@cert/db/testing";
import { createLogger } from "@cert/logger";
import { createOutboxRelay, eraseUser, writeOutcome } from "@cert/outbox";
import { createFailFastConnection } from "@cert/redis";
import { getTestServices, testPiiCipher, uniquePrefix, useTestDatabase } from "@cert/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AdminFixture, startAdminFixture } from "./admin-fixture";

// The erase route end to end: the admin router, @cert/outbox's eraseUser on a real Postgres,
// and the outbox relay publishing to a real Redis stream.

const db = useTestDatabase();
let pool: pg.Pool;
let admin: AdminFixture;
let redis: ReturnType<typeof createFailFastConnection>;
let stream: string;
let relay: ReturnType<typeof createOutboxRelay>;
let erasedCount = 0;

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: db.url, max: 4 });
  redis = createFailFastConnection(getTestServices().redisUrl);
  stream = `${uniquePrefix("erase")}:outcomes`;
  relay = createOutboxRelay({
    pool,
    redis,
    stream,
    logger: createLogger({ name: "relay-test", level: "silent" }),
  });
  admin = await startAdminFixture({
    erasure: {
      eraseUser: (userId) => eraseUser(pool, userId),
      onErased: () => {
        erasedCount += 1;
      },
    },
  });
});

afterAll(async () => {
  await admin?.close();
  await relay?.stop({ flush: false });
  await redis?.del(stream);
  await redis?.quit();
  await pool?.end();
});

/** A certified person written as the worker writes them; returns their user_id. */
async function person(): Promise<{ userId: string; verificationId: string }> {
  const verificationId = nextImpUid();
  const result = checkResult({
    verificationId,
    certification: certificationRecord({
      uniqueKey: `CI-erase-${verificationId}`,
      uniqueInSite: "DI-erase",
      birthday: "1990-01-02",
      certifiedAt: new Date("2025-03-01T00:00:00Z"),
    }),
    age: 35,
    checkedAt: new Date("2025-03-01T00:00:01Z"),
  });
  await writeOutcome(pool, result, testPiiCipher);
  const { rows } = await pool.query<{ user_id: string }>(
    "SELECT user_id FROM certifications WHERE verification_id = $1",
    [verificationId],
  );
  return { userId: rows[0]?.user_id as string, verificationId };
}

/** The `user.erased` entries of the stream, after the relay published what it could. */
async function erasedEntries(userId: string) {
  while ((await relay.publishOnce()) > 0) {}
  const entries = await redis.xrange(stream, "-", "+");
  return entries
    .map(([, fields]) =>
      Object.fromEntries(fields.flatMap((v, i, a) => (i % 2 ? [] : [[v, a[i + 1]]]))),
    )
    .filter((f) => f.type === "user.erased" && JSON.parse(f.payload as string).user_id === userId);
}

const erase = (userId: string, init: RequestInit = {}) =>
  admin.adminFetch(`/admin/api/users/${userId}/erase`, { method: "POST", ...init });

describe("POST /admin/api/users/:user_id/erase", () => {
  it("clears every personal column, keeps the outcome, publishes user.erased once", async () => {
    const { userId, verificationId } = await person();
    const before = erasedCount;
    const response = await erase(userId);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { user_id: string; erased_at: string };
    expect(body.user_id).toBe(userId);
    expect(new Date(body.erased_at).toISOString()).toBe(body.erased_at);
    expect(erasedCount).toBe(before + 1);

    const { rows } = await pool.query("SELECT * FROM users WHERE user_id = $1", [userId]);
    expect(rows[0]).toMatchObject({
      ci_hash: null,
      ci: null,
      di: null,
      name: null,
      phone: null,
      gender: null,
      birthday: null,
      carrier: null,
      foreigner: null,
      erased_at: new Date(body.erased_at),
    });
    const kept = await pool.query(
      "SELECT outcome, age, user_id FROM certifications WHERE verification_id = $1",
      [verificationId],
    );
    expect(kept.rows).toEqual([{ outcome: "passed", age: 35, user_id: userId }]);
    const outcomeEvents = await pool.query(
      "SELECT count(*)::int AS n FROM outcome_events WHERE payload->>'verification_id' = $1",
      [verificationId],
    );
    expect(outcomeEvents.rows[0].n).toBe(1);

    const published = await erasedEntries(userId);
    expect(published).toHaveLength(1);
    expect(JSON.parse(published[0]?.payload as string)).toEqual({
      user_id: userId,
      erased_at: body.erased_at,
    });

    // Again: the same answer, nothing new written or published, not counted twice.
    const again = await erase(userId);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(body);
    expect(erasedCount).toBe(before + 1);
    expect(await erasedEntries(userId)).toHaveLength(1);
    const events = await pool.query(
      "SELECT count(*)::int AS n FROM outcome_events WHERE type = 'user.erased' AND payload->>'user_id' = $1",
      [userId],
    );
    expect(events.rows[0].n).toBe(1);
  });

  it("a later verification of an erased person starts a new users row", async () => {
    const { userId } = await person();
    expect((await erase(userId)).status).toBe(200);
    const { rows } = await pool.query<{ ci: string }>("SELECT ci FROM users WHERE user_id = $1", [
      userId,
    ]);
    expect(rows[0]?.ci).toBeNull();
    const count = await pool.query("SELECT count(*)::int AS n FROM users WHERE erased_at IS NULL");
    const second = await person();
    expect(second.userId).not.toBe(userId);
    const after = await pool.query("SELECT count(*)::int AS n FROM users WHERE erased_at IS NULL");
    expect(after.rows[0].n).toBe(count.rows[0].n + 1);
  });

  it("answers 400 for a malformed id, 404 for an unknown one, 401 without credentials", async () => {
    const malformed = await erase("not-a-uuid");
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: "invalid_user_id" } });

    const unknown = await erase("2f0c1a6e-8b7d-4c3e-9a1f-0123456789ab");
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: "user_not_found" } });

    const { userId } = await person();
    const anonymous = await fetch(`${admin.origin}/admin/api/users/${userId}/erase`, {
      method: "POST",
    });
    expect(anonymous.status).toBe(401);
    const { rows } = await pool.query("SELECT erased_at FROM users WHERE user_id = $1", [userId]);
    expect(rows[0].erased_at).toBeNull();
  });
});
