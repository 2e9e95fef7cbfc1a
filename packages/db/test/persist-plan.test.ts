import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { persistCheckResults } from "../src";
import { certificationRecord, checkResult, testCipher } from "./fixtures";
import { createTestDatabase, type TestDatabase } from "./helpers";

// What a DBA would check on a busy deployment: writing outcomes must not read the whole
// certifications table per batch. A new deployment's table has no statistics yet, and a
// prepared statement's generic plan made then is kept as the table grows; forcing the generic
// plan reproduces that case on a small table.

let db: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase();
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await client.query("SET plan_cache_mode = force_generic_plan");
});

afterAll(async () => {
  await client?.end();
  await db?.drop();
});

/** Sequential scans of `certifications` so far, this backend's counts flushed first. */
async function certificationSeqScans(): Promise<number> {
  await client.query("SELECT pg_stat_force_next_flush()");
  await client.query("SELECT 1"); // the flush happens when a transaction ends
  const { rows } = await client.query<{ seq_scan: string }>(
    "SELECT seq_scan FROM pg_stat_user_tables WHERE relname = 'certifications'",
  );
  return Number(rows[0]?.seq_scan);
}

describe("persisting a batch of results", () => {
  it("probes certifications by key instead of reading the table", async () => {
    let person = 0;
    const batch = () =>
      Array.from({ length: 20 }, () => {
        person += 1;
        const result = checkResult({
          certification: certificationRecord({
            uniqueKey: `CI-plan-${person}`,
            uniqueInSite: `DI-plan-${person}`,
          }),
        });
        return { result, eventId: randomUUID(), payload: "{}" };
      });

    const before = await certificationSeqScans();
    for (let i = 0; i < 10; i += 1) {
      const { results } = await persistCheckResults(client, batch(), { cipher: testCipher });
      expect(results.every((r) => r.inserted)).toBe(true);
    }
    const after = await certificationSeqScans();

    const { rows } = await client.query<{ n: string }>("SELECT count(*) AS n FROM certifications");
    expect(Number(rows[0]?.n)).toBe(200);
    expect(after - before).toBe(0);
  });
});
