/**
 * The provider-columns migration applied to a database already holding V1 rows, written by the
 * previous schema: the rows stay readable by the V1 queries and the new columns are backfilled.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findCertificationStatus, migrate } from "../src";
import { createTestDatabase, type TestDatabase } from "./helpers";
import { migrationsBefore } from "./migrations-before";

let db: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase({ migrated: false });
  await migrate(db.url, { migrationsFolder: migrationsBefore("0003_provider_columns") });
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  // Rows exactly as the previous persist statement wrote them.
  await client.query(`
    INSERT INTO users (unique_key, unique_in_site, name, gender, birthday, phone, carrier,
                       foreigner, first_certified_at, last_certified_at, last_imp_uid)
    VALUES ('CI-old-person', 'DI-old', '홍길동', 'male', '2000-01-02', '01012345678', 'SKT',
            false, '2025-03-01T00:00:00Z', '2025-03-01T00:00:00Z', 'imp_100000000001')`);
  await client.query(`
    INSERT INTO certifications (imp_uid, unique_key, merchant_uid, pg_provider, pg_tid, certified,
                                certified_at, outcome, age, age_min, age_rule, checked_at)
    VALUES ('imp_100000000001', 'CI-old-person', 'order-1', 'danal', 'tid-1', true,
            '2025-03-01T00:00:00Z', 'passed', 25, 19, 'calendar-year', '2025-03-01T00:00:05Z'),
           ('imp_100000000002', NULL, NULL, NULL, NULL, NULL, NULL, 'not_found', NULL, 19,
            'calendar-year', '2025-03-01T00:00:06Z')`);
  await client.query(`
    INSERT INTO outcome_events (event_id, imp_uid, payload)
    VALUES ('ev-1', 'imp_100000000001', '{"imp_uid":"imp_100000000001"}')`);
  // Up to the provider columns only: the later migrations change the person key (tested apart).
  const result = await migrate(db.url, {
    migrationsFolder: migrationsBefore("0004_pii_protection"),
  });
  expect(result.applied).toBe(1);
});

afterAll(async () => {
  await client?.end();
  await db?.drop();
});

describe("the provider-columns migration over V1 rows", () => {
  it("keeps the V1 queries working: certifications by imp_uid, users by unique_key", async () => {
    const certs = await client.query(
      "SELECT imp_uid, unique_key, outcome, age FROM certifications WHERE imp_uid = $1",
      ["imp_100000000001"],
    );
    expect(certs.rows).toEqual([
      { imp_uid: "imp_100000000001", unique_key: "CI-old-person", outcome: "passed", age: 25 },
    ]);
    const users = await client.query(
      "SELECT unique_key, name, last_imp_uid FROM users WHERE unique_key = $1",
      ["CI-old-person"],
    );
    expect(users.rows).toEqual([
      { unique_key: "CI-old-person", name: "홍길동", last_imp_uid: "imp_100000000001" },
    ]);
    const events = await client.query("SELECT event_id FROM outcome_events WHERE imp_uid = $1", [
      "imp_100000000001",
    ]);
    expect(events.rows).toEqual([{ event_id: "ev-1" }]);
  });

  it("backfills provider and verification id of every existing row", async () => {
    const certs = await client.query(
      "SELECT provider, verification_id, imp_uid FROM certifications ORDER BY imp_uid",
    );
    expect(certs.rows).toEqual([
      { provider: "iamport", verification_id: "imp_100000000001", imp_uid: "imp_100000000001" },
      { provider: "iamport", verification_id: "imp_100000000002", imp_uid: "imp_100000000002" },
    ]);
    const users = await client.query("SELECT last_provider, last_verification_id FROM users");
    expect(users.rows).toEqual([
      { last_provider: "iamport", last_verification_id: "imp_100000000001" },
    ]);
    expect(await findCertificationStatus(client, "iamport", "imp_100000000002")).toMatchObject({
      outcome: "not_found",
    });
  });

  it("refuses an unknown provider and a second row for one imp_uid", async () => {
    const insert = (provider: string, id: string, impUid: string | null) =>
      client.query(
        `INSERT INTO certifications (provider, verification_id, imp_uid, outcome, age_min,
                                     age_rule, checked_at)
         VALUES ($1, $2, $3, 'not_found', 19, 'calendar-year', now())`,
        [provider, id, impUid],
      );
    await expect(insert("kcp", "x1", null)).rejects.toMatchObject({ code: "23514" });
    await expect(insert("iamport", "imp_9", "imp_100000000001")).rejects.toMatchObject({
      code: "23505",
    });
    // V2 rows have no imp_uid, any number of them.
    await insert("portone", "v2-a", null);
    await insert("portone", "v2-b", null);
  });
});
