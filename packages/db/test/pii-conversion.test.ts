/**
 * The upgrade path on a database written by the previous schema: rows with the CI as key and
 * clear-text personal values, migrated to the latest schema (which sets them aside, holding no
 * keys), then `pii:convert` encrypting them into `users`.
 */
import { generateKeys, PiiCipher } from "@cert/pii";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertNoPiiBacklog, countPiiBacklog, migrate, PiiBacklogError } from "../src";
import { createTestDatabase, type TestDatabase } from "./helpers";
import { migrationsBefore } from "./migrations-before";
import { runCommand } from "./run-command";

const keys = generateKeys("upgrade");
const cipher = PiiCipher.fromEnv(keys);
let db: TestDatabase;
let client: pg.Client;

const PEOPLE = [
  {
    ci: "CI-old-one==",
    di: "DI-old-one",
    name: "홍길동",
    phone: "01012345678",
    imp: "imp_100000000001",
  },
  { ci: "CI-old-two==", di: null, name: "김철수", phone: null, imp: "imp_100000000002" },
];

beforeAll(async () => {
  db = await createTestDatabase({ migrated: false });
  await migrate(db.url, { migrationsFolder: migrationsBefore("0004_pii_protection") });
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  // Rows exactly as the previous persist statement wrote them.
  for (const p of PEOPLE) {
    await client.query(
      `INSERT INTO users (unique_key, unique_in_site, name, gender, birthday, phone, carrier,
                          foreigner, first_certified_at, last_certified_at, last_imp_uid,
                          last_provider, last_verification_id)
       VALUES ($1, $2, $3, 'male', '1990-01-02', $4, 'SKT', false, '2025-03-01T00:00:00Z',
               '2025-03-01T00:00:00Z', $5, 'iamport', $5)`,
      [p.ci, p.di, p.name, p.phone, p.imp],
    );
    await client.query(
      `INSERT INTO certifications (provider, verification_id, imp_uid, unique_key, certified,
                                   certified_at, outcome, age, age_min, age_rule, checked_at)
       VALUES ('iamport', $1, $1, $2, true, '2025-03-01T00:00:00Z', 'passed', 35, 19,
               'calendar-year', '2025-03-01T00:00:05Z')`,
      [p.imp, p.ci],
    );
    await client.query(
      "INSERT INTO outcome_events (event_id, imp_uid, payload) VALUES ($1, $2, $3)",
      [
        `ev-${p.imp}`,
        p.imp,
        JSON.stringify({
          provider: "iamport",
          imp_uid: p.imp,
          unique_key: p.ci,
          outcome: "passed",
        }),
      ],
    );
  }
  await client.query(
    `INSERT INTO outcome_events (event_id, imp_uid, payload)
     VALUES ('ev-none', 'imp_100000000009', '{"imp_uid":"imp_100000000009","unique_key":null}')`,
  );
  // Up to the personal-data migration only: later ones are not what this file tests.
  const upgrade = await migrate(db.url, {
    migrationsFolder: migrationsBefore("0005_retention_index"),
  });
  expect(upgrade.applied).toBe(1);
});

afterAll(async () => {
  await client?.end();
  await db?.drop();
});

/** Every table as text: what a dump would hold. */
async function everything(): Promise<string> {
  const tables = ["users", "certifications", "outcome_events", "pii_conversion_backlog"];
  const parts = await Promise.all(
    tables.map(async (t) => JSON.stringify((await client.query(`SELECT * FROM ${t}`)).rows)),
  );
  return parts.join("\n");
}

describe("the personal-data migration over clear-text rows", () => {
  it("removes the CI from certifications and events, pointing them at user_id", async () => {
    const { rows: users } = await client.query<{ user_id: string; ci_hash: string | null }>(
      "SELECT user_id, ci_hash FROM users",
    );
    expect(users).toHaveLength(2);
    expect(users.every((u) => u.ci_hash === null)).toBe(true);
    const { rows } = await client.query(
      `SELECT c.verification_id, c.user_id, e.payload FROM certifications c
       JOIN outcome_events e ON e.imp_uid = c.verification_id ORDER BY 1`,
    );
    for (const row of rows) {
      expect(users.map((u) => u.user_id)).toContain(row.user_id);
      expect(row.payload).toEqual({
        provider: "iamport",
        imp_uid: row.verification_id,
        user_id: row.user_id,
        outcome: "passed",
      });
    }
    const none = await client.query(
      "SELECT payload FROM outcome_events WHERE event_id = 'ev-none'",
    );
    expect(none.rows[0].payload).toEqual({ imp_uid: "imp_100000000009", user_id: null });
    // The clear values wait in the backlog only; workers refuse to start meanwhile.
    expect(await countPiiBacklog(client)).toBe(2);
    await expect(assertNoPiiBacklog(client)).rejects.toBeInstanceOf(PiiBacklogError);
    const { rows: clear } = await client.query("SELECT name, phone, ci, di FROM users");
    expect(clear.every((u) => u.name === null && u.phone === null && u.ci === null)).toBe(true);
  });

  it("pii:convert stops with one line naming a missing key", async () => {
    const run = await runCommand("pii-convert", {
      DATABASE_URL: db.url,
      PII_HMAC_KEY: keys.PII_HMAC_KEY,
    });
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain("PII_ENCRYPTION_KEYS");
    expect(run.stderr).not.toContain(keys.PII_HMAC_KEY);
  });

  it("pii:convert encrypts the values into users, empties the backlog, and a rerun does nothing", async () => {
    const run = await runCommand("pii-convert", { DATABASE_URL: db.url, ...keys });
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toContain("done, 2 users converted");
    expect(await countPiiBacklog(client)).toBe(0);
    await assertNoPiiBacklog(client);

    for (const p of PEOPLE) {
      const { rows } = await client.query("SELECT * FROM users WHERE ci_hash = $1", [
        cipher.ciHash(p.ci),
      ]);
      expect(rows).toHaveLength(1);
      const user = rows[0];
      expect(cipher.decrypt("ci", user.ci)).toBe(p.ci);
      expect(cipher.decryptNullable("di", user.di)).toBe(p.di);
      expect(cipher.decrypt("name", user.name)).toBe(p.name);
      expect(cipher.decryptNullable("phone", user.phone)).toBe(p.phone);
      expect(user).toMatchObject({ gender: "male", carrier: "SKT", last_imp_uid: p.imp });
      const event = await client.query("SELECT payload FROM outcome_events WHERE imp_uid = $1", [
        p.imp,
      ]);
      expect(event.rows[0].payload.user_id).toBe(user.user_id);
    }
    const dump = await everything();
    for (const p of PEOPLE) {
      for (const value of [p.ci, p.di, p.name, p.phone]) {
        if (value !== null) expect(dump).not.toContain(value);
      }
    }

    const again = await runCommand("pii-convert", { DATABASE_URL: db.url, ...keys });
    expect(again).toMatchObject({ code: 0, stderr: "" });
    expect(again.stdout).toContain("done, 0 users converted");
  });
});
