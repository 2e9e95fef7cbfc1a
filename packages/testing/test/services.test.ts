import { Redis } from "ioredis";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { createTestDatabase, getTestServices, uniquePrefix } from "../src/index";

describe("test services", () => {
  it("provides a Redis server that answers", async () => {
    const redis = new Redis(getTestServices().redisUrl);
    try {
      expect(await redis.ping()).toBe("PONG");
    } finally {
      redis.disconnect();
    }
  });

  it("creates a fresh, separate database per call and drops it", async () => {
    const a = await createTestDatabase({ migrated: false });
    const b = await createTestDatabase({ migrated: false });
    expect(a.url).not.toBe(b.url);
    const client = new pg.Client({ connectionString: a.url });
    await client.connect();
    const { rows } = await client.query("select current_database() as db");
    await client.end();
    expect(a.url.endsWith(`/${rows[0].db}`)).toBe(true);
    await a.drop();
    await b.drop();
    const admin = new pg.Client({ connectionString: getTestServices().databaseUrl });
    await admin.connect();
    const left = await admin.query("select 1 from pg_database where datname = $1", [rows[0].db]);
    await admin.end();
    expect(left.rowCount).toBe(0);
  });

  it("gives distinct prefixes", () => {
    expect(uniquePrefix("q")).not.toBe(uniquePrefix("q"));
  });
});
