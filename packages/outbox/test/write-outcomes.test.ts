import type { CheckResult } from "@cert/db";
import type pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { eventIdFor, writeOutcome, writeOutcomes } from "../src";
import { claimUnpublishedEvents } from "../src/queries/claim-events";
import { certificationRecord, checkResult, nextImpUid, testCipher } from "./fixtures";
import { usePooledTestDatabase } from "./helpers";

const database = usePooledTestDatabase();
let pool: pg.Pool;

beforeAll(() => {
  pool = database.pool();
});

const one = async <T extends pg.QueryResultRow>(
  sql: string,
  values: unknown[],
): Promise<T | undefined> => (await pool.query<T>(sql, values)).rows[0];

/** The person's id, found by the keyed hash of their CI. */
const userIdOf = async (uniqueKey: string) =>
  (
    await one<{ user_id: string }>("SELECT user_id FROM users WHERE ci_hash = $1", [
      testCipher.ciHash(uniqueKey),
    ])
  )?.user_id;

/** The person's profile, personal columns decrypted (ci checked to decrypt to the CI). */
const userRow = async (uniqueKey: string) => {
  const row = await one<Record<string, unknown> & { ci: string }>(
    `SELECT ci, di, name, gender, birthday, phone, carrier, foreigner,
            first_certified_at, last_certified_at, last_imp_uid, last_provider,
            last_verification_id
     FROM users WHERE ci_hash = $1`,
    [testCipher.ciHash(uniqueKey)],
  );
  if (!row) return undefined;
  const { ci, ...rest } = row;
  expect(testCipher.decrypt("ci", ci)).toBe(uniqueKey);
  for (const column of ["di", "name", "phone"] as const) {
    rest[column] = testCipher.decryptNullable(column, rest[column] as string | null);
  }
  return rest;
};

const certificationRow = (impUid: string) =>
  one<Record<string, unknown>>("SELECT * FROM certifications WHERE imp_uid = $1", [impUid]);

const eventRows = (impUid: string) =>
  pool
    .query<{ event_id: string; payload: unknown; published_at: Date | null }>(
      "SELECT event_id, payload, published_at FROM outcome_events WHERE imp_uid = $1",
      [impUid],
    )
    .then((r) => r.rows);

describe("writeOutcome(s)", () => {
  it("records a passed check in all three tables with the contract's event payload", async () => {
    const uniqueKey = `CI-${nextImpUid()}`;
    const result = checkResult({ certification: certificationRecord({ uniqueKey }) });

    expect(await writeOutcome(pool, result, testCipher)).toEqual({
      eventId: eventIdFor(result.verificationId),
      inserted: true,
    });

    expect(await userRow(uniqueKey)).toEqual({
      di: "DI-default-person",
      name: "홍길동",
      gender: "male",
      birthday: "2000-01-02",
      phone: "01012345678",
      carrier: "SKT",
      foreigner: false,
      first_certified_at: new Date("2025-03-01T01:02:03.000Z"),
      last_certified_at: new Date("2025-03-01T01:02:03.000Z"),
      last_imp_uid: result.verificationId,
      last_provider: "iamport",
      last_verification_id: result.verificationId,
    });
    expect(await certificationRow(result.verificationId)).toEqual({
      provider: "iamport",
      verification_id: result.verificationId,
      imp_uid: result.verificationId,
      user_id: await userIdOf(uniqueKey),
      merchant_uid: "order-1",
      pg_provider: "danal",
      pg_tid: "tid-1",
      certified: true,
      certified_at: new Date("2025-03-01T01:02:03.000Z"),
      outcome: "passed",
      age: 25,
      age_min: 19,
      age_rule: "calendar-year",
      checked_at: new Date("2025-03-01T01:02:05.500Z"),
    });
    expect(await eventRows(result.verificationId)).toEqual([
      {
        event_id: eventIdFor(result.verificationId),
        published_at: null,
        payload: {
          provider: "iamport",
          verification_id: result.verificationId,
          imp_uid: result.verificationId,
          user_id: await userIdOf(uniqueKey),
          outcome: "passed",
          age: 25,
          age_min: 19,
          age_rule: "calendar-year",
          certified_at: "2025-03-01T01:02:03.000Z",
          checked_at: "2025-03-01T01:02:05.500Z",
        },
      },
    ]);
  });

  it.each([
    ["failed", { age: 17 }, {}],
    ["not_certified", { age: null }, { certified: false, birthday: null, certifiedAt: null }],
    ["no_birthday", { age: null }, { birthday: null }],
  ] as const)("records %s", async (outcome, resultFields, certificationFields) => {
    const result = checkResult({
      outcome,
      ...resultFields,
      ageRule: "full-years",
      certification: certificationRecord({
        uniqueKey: `CI-${nextImpUid()}`,
        ...certificationFields,
      }),
    });
    expect((await writeOutcome(pool, result, testCipher)).inserted).toBe(true);
    expect(await certificationRow(result.verificationId)).toMatchObject({
      outcome,
      age: resultFields.age,
      age_rule: "full-years",
    });
    const [event] = await eventRows(result.verificationId);
    expect(event?.payload).toMatchObject({
      outcome,
      age: resultFields.age,
      age_rule: "full-years",
    });
  });

  it("records not_found with no provider data, no user and null payload fields", async () => {
    const result = checkResult({ outcome: "not_found", age: null, certification: null });
    expect((await writeOutcome(pool, result, testCipher)).inserted).toBe(true);
    expect(await certificationRow(result.verificationId)).toMatchObject({
      user_id: null,
      merchant_uid: null,
      pg_provider: null,
      certified: null,
      certified_at: null,
      outcome: "not_found",
      age: null,
    });
    const [event] = await eventRows(result.verificationId);
    expect(event?.payload).toEqual({
      provider: "iamport",
      verification_id: result.verificationId,
      imp_uid: result.verificationId,
      user_id: null,
      outcome: "not_found",
      age: null,
      age_min: 19,
      age_rule: "calendar-year",
      certified_at: null,
      checked_at: "2025-03-01T01:02:05.500Z",
    });
  });

  it("without a CI writes the certification and the event but no users row", async () => {
    const before = await one<{ n: number }>("SELECT count(*)::int AS n FROM users", []);
    const result = checkResult({ certification: certificationRecord({ uniqueKey: null }) });
    expect((await writeOutcome(pool, result, testCipher)).inserted).toBe(true);
    expect(await one("SELECT count(*)::int AS n FROM users", [])).toEqual(before);
    expect(await certificationRow(result.verificationId)).toMatchObject({
      user_id: null,
      outcome: "passed",
    });
    const [event] = await eventRows(result.verificationId);
    expect(event?.payload).toMatchObject({ user_id: null, outcome: "passed" });
  });

  it("a replay inserts nothing and keeps the first outcome, event and profile", async () => {
    const uniqueKey = `CI-${nextImpUid()}`;
    const first = checkResult({ certification: certificationRecord({ uniqueKey }) });
    await writeOutcome(pool, first, testCipher);
    const userBefore = await one("SELECT * FROM users WHERE ci_hash = $1", [
      testCipher.ciHash(uniqueKey),
    ]);
    const eventsBefore = await eventRows(first.verificationId);

    // Same imp_uid, different data: as if the provider changed its mind between attempts.
    const replay = {
      ...first,
      outcome: "failed" as const,
      age: 10,
      checkedAt: new Date("2025-03-02T00:00:00Z"),
      certification: certificationRecord({
        uniqueKey,
        name: "다른이름",
        certifiedAt: new Date("2025-03-02T00:00:00Z"),
      }),
    };
    expect(await writeOutcome(pool, replay, testCipher)).toEqual({
      eventId: eventIdFor(first.verificationId),
      inserted: false,
    });
    expect(await writeOutcome(pool, first, testCipher)).toMatchObject({ inserted: false });

    expect(await certificationRow(first.verificationId)).toMatchObject({
      outcome: "passed",
      age: 25,
    });
    expect(await eventRows(first.verificationId)).toEqual(eventsBefore);
    expect(
      await one("SELECT * FROM users WHERE ci_hash = $1", [testCipher.ciHash(uniqueKey)]),
    ).toEqual(userBefore);
  });

  it("concurrent first attempts of one imp_uid record exactly one outcome and event", async () => {
    const result = checkResult({
      certification: certificationRecord({ uniqueKey: `CI-${nextImpUid()}` }),
    });
    const attempts = await Promise.all(
      Array.from({ length: 6 }, () => writeOutcome(pool, result, testCipher)),
    );
    expect(attempts.filter((a) => a.inserted)).toHaveLength(1);
    expect(await eventRows(result.verificationId)).toHaveLength(1);
  });

  it("a person re-certified under several imp_uids, processed out of order, keeps the newest profile", async () => {
    const uniqueKey = `CI-${nextImpUid()}`;
    const at = (day: number) => new Date(Date.UTC(2025, 0, day, 3));
    const versions = [1, 2, 3, 4].map((day) =>
      checkResult({
        certification: certificationRecord({
          uniqueKey,
          certifiedAt: at(day),
          phone: `0100000000${day}`,
          carrier: day % 2 ? "KT" : "LGT",
          name: `이름${day}`,
        }),
      }),
    );
    // Day 3 first, then the newest (4), then two older ones arriving late.
    for (const index of [2, 3, 0, 1]) {
      expect(
        (await writeOutcome(pool, versions[index] as (typeof versions)[number], testCipher))
          .inserted,
      ).toBe(true);
    }
    expect(await userRow(uniqueKey)).toMatchObject({
      name: "이름4",
      phone: "01000000004",
      carrier: "LGT",
      first_certified_at: at(1),
      last_certified_at: at(4),
      last_imp_uid: versions[3]?.verificationId,
    });
    const count = await one<{ n: number }>(
      "SELECT count(*)::int AS n FROM certifications WHERE user_id = $1",
      [await userIdOf(uniqueKey)],
    );
    expect(count?.n).toBe(4);
  });

  it("a certification without certified_at never overwrites a dated profile", async () => {
    const uniqueKey = `CI-${nextImpUid()}`;
    await writeOutcome(
      pool,
      checkResult({ certification: certificationRecord({ uniqueKey, name: "dated" }) }),
      testCipher,
    );
    await writeOutcome(
      pool,
      checkResult({
        certification: certificationRecord({ uniqueKey, name: "undated", certifiedAt: null }),
      }),
      testCipher,
    );
    expect(await userRow(uniqueKey)).toMatchObject({
      name: "dated",
      last_certified_at: new Date("2025-03-01T01:02:03.000Z"),
    });
  });

  it("records a batch in one call: replays reported, new events claimed for the writer", async () => {
    const replayed = checkResult({ certification: null, outcome: "not_found", age: null });
    await writeOutcome(pool, replayed, testCipher);
    const fresh = [1, 2, 3].map((n) =>
      checkResult({ certification: certificationRecord({ uniqueKey: `CI-${nextImpUid()}-${n}` }) }),
    );
    const { results, written } = await writeOutcomes(
      pool,
      [fresh[0], replayed, ...fresh.slice(1)] as CheckResult[],
      { cipher: testCipher, claimForMs: 60_000 },
    );

    expect(results.map((r) => r.inserted)).toEqual([true, false, true, true]);
    expect(written.map((w) => w.eventId)).toEqual(fresh.map((r) => eventIdFor(r.verificationId)));
    // The payload as stored, with the person's id the statement resolved.
    expect(JSON.parse(written[0]?.payload ?? "{}")).toMatchObject({
      imp_uid: fresh[0]?.verificationId,
      user_id: await userIdOf(fresh[0]?.certification?.uniqueKey as string),
    });
    for (const result of fresh) {
      expect(await certificationRow(result.verificationId)).toMatchObject({ outcome: "passed" });
      expect(await userRow(result.certification?.uniqueKey as string)).toMatchObject({
        last_imp_uid: result.verificationId,
      });
    }
    // Claimed rows are the writer's to publish: relays skip them until the claim lapses.
    const claimed = await pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM outcome_events WHERE id = ANY($1::bigint[]) AND claimed_until > now()",
      [written.map((w) => w.id)],
    );
    expect(claimed.rows[0]?.n).toBe(3);
    expect(await claimUnpublishedEvents(pool, { limit: 100 })).not.toContainEqual(
      expect.objectContaining({ impUid: fresh[0]?.verificationId }),
    );
  });

  it("an imp_uid given twice in one batch is recorded once", async () => {
    const result = checkResult({ certification: null, outcome: "not_found", age: null });
    const { results, written } = await writeOutcomes(pool, [result, result], {
      cipher: testCipher,
    });
    expect(results.map((r) => r.inserted)).toEqual([true, false]);
    expect(written).toHaveLength(1);
    expect(await eventRows(result.verificationId)).toHaveLength(1);
  });

  it("rejects an invalid outcome without echoing personal data, as a non-retryable DbError", async () => {
    const result = checkResult({
      outcome: "maybe" as "passed",
      certification: certificationRecord({ uniqueKey: "CI-secret-value", name: "비밀" }),
    });
    const error = await writeOutcome(pool, result, testCipher).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: "DbError",
      code: "db_query_failed",
      retryable: false,
      sqlState: "23514",
    });
    expect((error as Error).message).not.toMatch(/CI-secret-value|비밀/);
    expect(await userRow("CI-secret-value")).toBeUndefined();
  });
});
