import { createPool, migrate } from "@cert/db";
import type { RunningSandbox } from "@cert/iamport-sandbox";
import {
  createTestDatabase,
  getTestServices,
  startTestSandbox,
  type TestDatabase,
} from "@cert/testing";
import { type PgBouncerFixture, startPgBouncer } from "@cert/testing/topologies";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DatabaseRows } from "./support/database-rows";
import { submitAll } from "./support/intake-client";
import { type PipelineSystem, startPipeline } from "./support/pipeline-system";
import { buildShapeBatch } from "./support/sandbox-batch";
import { waitUntilPublished } from "./support/settle";

// Postgres reached only through PgBouncer 1.18 in transaction pooling mode (a small server
// pool, so one client's transactions land on different server connections): migrations from
// several processes at once, then the pipeline end to end with DATABASE_PREPARED_STATEMENTS=false.

let bouncer: PgBouncerFixture | undefined;
let db: TestDatabase | undefined;
let sandbox: RunningSandbox | undefined;
let system: PipelineSystem | undefined;
let rows: DatabaseRows | undefined;
let redis: Redis | undefined;
let throughBouncer: string;

beforeAll(async () => {
  [db, sandbox] = await Promise.all([createTestDatabase({ migrated: false }), startTestSandbox()]);
  bouncer = await startPgBouncer(db.url);
  throughBouncer = bouncer.urlFor(db.url);
  rows = new DatabaseRows(db.url);
  redis = new Redis(getTestServices().redisUrl);
});

afterAll(async () => {
  await system?.stop();
  redis?.disconnect();
  await Promise.allSettled([rows?.pool.end(), sandbox?.close(), bouncer?.stop()]);
  await db?.drop();
});

describe("through PgBouncer in transaction pooling mode", () => {
  it("migrates from four migrators at once, each migration applied once", async () => {
    const results = await Promise.all(Array.from({ length: 4 }, () => migrate(throughBouncer)));
    const total = results[0]?.total ?? 0;
    expect(total).toBeGreaterThan(0);
    expect(results.map((r) => r.applied).sort((a, b) => b - a)).toEqual([total, 0, 0, 0]);
    expect(await migrate(throughBouncer)).toEqual({ applied: 0, total });
  });

  it("needs unnamed statements there: named ones collide across server connections", async () => {
    const query = { name: "cert_bouncer_probe", text: "SELECT $1::int AS n", values: [1] };
    const outcomes = async (preparedStatements: boolean) => {
      const pool = createPool(throughBouncer, { max: 8, preparedStatements });
      try {
        const settled = await Promise.allSettled(
          Array.from({ length: 40 }, () => pool.query(query)),
        );
        return settled.filter((s) => s.status === "rejected").length;
      } finally {
        await pool.end();
      }
    };
    expect(await outcomes(true)).toBeGreaterThan(0);
    expect(await outcomes(false)).toBe(0);
  });

  it("runs a batch of every shape end to end", { timeout: 120_000 }, async () => {
    const env = { DATABASE_PREPARED_STATEMENTS: "false" };
    system = await startPipeline({
      databaseUrl: throughBouncer,
      redisUrl: getTestServices().redisUrl,
      sandboxUrl: (sandbox as RunningSandbox).url,
      label: "bouncer",
      apiEnv: env,
      workerEnv: env,
    });
    const batch = buildShapeBatch({ perShape: 3, firstSerial: 1 });
    const impUids = batch.map((item) => item.impUid);
    const answers = await submitAll(system.apiUrl, impUids);
    expect([...answers.values()].map((a) => a.status)).toEqual(batch.map(() => 202));
    await waitUntilPublished(impUids, {
      rows: rows as DatabaseRows,
      redis: redis as Redis,
      stream: system.outcomeStream,
      timeoutMs: 60_000,
    });
    const stored = new Map(
      (await (rows as DatabaseRows).certifications()).map((row) => [row.imp_uid, row]),
    );
    for (const item of batch) {
      expect(stored.get(item.impUid)?.outcome, item.impUid).toBe(item.expected.outcome);
    }
    expect(system.allLines().filter((line) => /prepared statement/.test(line))).toEqual([]);
  });
});
