/** V1 and V2 verifications side by side in the three tables. */
import type pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { createOutcomeWriter, eventIdFor, writeOutcome } from "../src";
import { certificationRecord, checkResult, decryptRow, nextImpUid, testCipher } from "./fixtures";
import { usePooledTestDatabase } from "./helpers";

const database = usePooledTestDatabase();
let pool: pg.Pool;

beforeAll(() => {
  pool = database.pool();
});

const rows = async <T extends pg.QueryResultRow>(sql: string, values: unknown[]) =>
  (await pool.query<T>(sql, values)).rows;

let sequence = 0;
const nextV2Id = () => `iv-${Date.now()}-${++sequence}`;

describe("V2 verifications beside V1", () => {
  it("a V2 row is keyed by provider and id, with no imp_uid in any table or the payload", async () => {
    const id = nextV2Id();
    const uniqueKey = `CI-${id}`;
    const result = checkResult({
      provider: "portone",
      verificationId: id,
      certification: certificationRecord({ uniqueKey, merchantUid: null, gender: "other" }),
    });
    expect(await writeOutcome(pool, result, testCipher)).toEqual({
      eventId: eventIdFor(id, "portone"),
      inserted: true,
    });
    expect(
      await rows(
        `SELECT c.provider, c.imp_uid, u.ci_hash FROM certifications c
         JOIN users u USING (user_id) WHERE c.verification_id = $1`,
        [id],
      ),
    ).toEqual([{ provider: "portone", imp_uid: null, ci_hash: testCipher.ciHash(uniqueKey) }]);
    expect(
      await rows(
        "SELECT gender, last_imp_uid, last_provider, last_verification_id FROM users WHERE ci_hash = $1",
        [testCipher.ciHash(uniqueKey)],
      ),
    ).toEqual([
      { gender: "other", last_imp_uid: null, last_provider: "portone", last_verification_id: id },
    ]);
    const [event] = await rows<{ imp_uid: string | null; payload: Record<string, unknown> }>(
      "SELECT imp_uid, payload FROM outcome_events WHERE event_id = $1",
      [eventIdFor(id, "portone")],
    );
    expect(event?.imp_uid).toBeNull();
    expect(event?.payload).toMatchObject({
      provider: "portone",
      verification_id: id,
      imp_uid: null,
      outcome: "passed",
    });
  });

  it("V2 event ids differ from V1 ones even for the same id text, and V1 ids are unchanged", () => {
    expect(eventIdFor("imp_123456789012", "iamport")).toBe("b42b6d11-52ad-55a5-9bd3-b876c5305fb9");
    expect(eventIdFor("imp_123456789012", "portone")).not.toBe(eventIdFor("imp_123456789012"));
    expect(eventIdFor("abc", "portone")).toBe(eventIdFor("abc", "portone"));
  });

  it("the same id under both providers is two verifications", async () => {
    const id = nextImpUid();
    const v1 = checkResult({
      verificationId: id,
      certification: null,
      outcome: "not_found",
      age: null,
    });
    const v2 = checkResult({ ...v1, provider: "portone" });
    expect((await writeOutcome(pool, v1, testCipher)).inserted).toBe(true);
    expect((await writeOutcome(pool, v2, testCipher)).inserted).toBe(true);
    expect(
      await rows("SELECT provider FROM certifications WHERE verification_id = $1 ORDER BY 1", [id]),
    ).toEqual([{ provider: "iamport" }, { provider: "portone" }]);
  });

  it("one person through both providers, out of order, is one users row with the newest profile", async () => {
    const uniqueKey = `CI-both-${nextV2Id()}`;
    const at = (day: number) => new Date(Date.UTC(2025, 0, day, 3));
    const v1Old = checkResult({
      certification: certificationRecord({ uniqueKey, certifiedAt: at(1), name: "v1-old" }),
    });
    const v2New = checkResult({
      provider: "portone",
      verificationId: nextV2Id(),
      certification: certificationRecord({
        uniqueKey,
        certifiedAt: at(3),
        name: "v2-new",
        carrier: "LGT",
      }),
    });
    const v1Middle = checkResult({
      certification: certificationRecord({ uniqueKey, certifiedAt: at(2), name: "v1-middle" }),
    });
    // Through the group-commit writer, concurrently: batches never hold one person twice.
    const writer = createOutcomeWriter({ cipher: testCipher, pool });
    await Promise.all([v2New, v1Old, v1Middle].map((r) => writer.write(r)));
    expect(
      await rows(
        `SELECT name, carrier, first_certified_at, last_certified_at, last_provider,
                last_verification_id, last_imp_uid FROM users WHERE ci_hash = $1`,
        [testCipher.ciHash(uniqueKey)],
      ).then((r) => r.map(decryptRow)),
    ).toEqual([
      {
        name: "v2-new",
        carrier: "LGT",
        first_certified_at: at(1),
        last_certified_at: at(3),
        last_provider: "portone",
        last_verification_id: v2New.verificationId,
        last_imp_uid: null,
      },
    ]);
  });

  it("a verification that is not certified never touches a profile", async () => {
    const uniqueKey = `CI-nc-${nextV2Id()}`;
    await writeOutcome(
      pool,
      checkResult({ certification: certificationRecord({ uniqueKey, name: "kept" }) }),
      testCipher,
    );
    const notCertified = checkResult({
      outcome: "not_certified",
      age: null,
      certification: certificationRecord({
        uniqueKey,
        name: "changed",
        certified: false,
        certifiedAt: new Date("2026-01-01T00:00:00Z"),
      }),
    });
    expect((await writeOutcome(pool, notCertified, testCipher)).inserted).toBe(true);
    // Nor is the event or the certification row about that person.
    const [row] = await rows<{ user_id: string | null; payload: { user_id: unknown } }>(
      `SELECT c.user_id, e.payload FROM certifications c
       JOIN outcome_events e ON e.payload->>'verification_id' = c.verification_id
       WHERE c.verification_id = $1`,
      [notCertified.verificationId],
    );
    expect(row).toEqual({
      user_id: null,
      payload: expect.objectContaining({ user_id: null }),
    });
    expect(
      await rows("SELECT name, last_certified_at FROM users WHERE ci_hash = $1", [
        testCipher.ciHash(uniqueKey),
      ]).then((r) => r.map(decryptRow)),
    ).toEqual([{ name: "kept", last_certified_at: new Date("2025-03-01T01:02:03.000Z") }]);
  });
});
