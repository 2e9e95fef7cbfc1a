import type { CheckResult } from "@cert/db";
import { writeOutcome } from "@cert/outbox";
import {
  freePort,
  getTestServices,
  spawnApp,
  testPiiCipher,
  uniquePrefix,
  useTestDatabase,
  waitUntil,
} from "@cert/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// PII_RETENTION_DAYS in the worker process: its sweep at start erases people not verified
// within the retention, keeps the others, and counts the erasures on /metrics.

const database = useTestDatabase();
let pool: pg.Pool;

beforeAll(() => {
  pool = new pg.Pool({ connectionString: database.url, max: 2 });
});

afterAll(async () => {
  await pool?.end();
});

let serial = 0;
async function personVerified(daysAgo: number): Promise<string> {
  serial += 1;
  const verificationId = `imp_${String(Date.now()).slice(-6)}${String(serial).padStart(6, "0")}`;
  const result: CheckResult = {
    provider: "iamport",
    verificationId,
    certification: {
      uniqueKey: `CI-retention-${verificationId}`,
      uniqueInSite: null,
      name: "홍길동",
      gender: "male",
      birthday: "1990-01-02",
      phone: null,
      carrier: null,
      foreigner: false,
      merchantUid: null,
      pgProvider: null,
      pgTid: null,
      certified: true,
      certifiedAt: new Date(Date.now() - daysAgo * 86_400_000),
    },
    outcome: "passed",
    age: 35,
    ageMin: 19,
    ageRule: "calendar-year",
    checkedAt: new Date(),
  };
  await writeOutcome(pool, result, testPiiCipher);
  const { rows } = await pool.query<{ user_id: string }>(
    "SELECT user_id FROM certifications WHERE verification_id = $1",
    [verificationId],
  );
  return rows[0]?.user_id as string;
}

const erasedAt = async (userId: string) =>
  (await pool.query("SELECT erased_at FROM users WHERE user_id = $1", [userId])).rows[0]
    ?.erased_at as Date | null;

describe("worker retention", () => {
  it("erases people older than PII_RETENTION_DAYS at start and counts them", async () => {
    const old = await personVerified(40);
    const recent = await personVerified(5);
    const metricsPort = await freePort();
    const app = await spawnApp("worker", {
      env: {
        DATABASE_URL: database.url,
        REDIS_URL: getTestServices().redisUrl,
        IAMPORT_API_KEY: "key",
        IAMPORT_API_SECRET: "secret",
        QUEUE_PREFIX: uniquePrefix("retention"),
        PII_RETENTION_DAYS: "30",
        WORKER_METRICS_PORT: String(metricsPort),
      },
      readyTimeoutMs: 90_000,
    });
    try {
      await waitUntil("the old person is erased", async () => (await erasedAt(old)) !== null);
      expect(await erasedAt(recent)).toBeNull();
      const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      expect(metrics).toMatch(/^cert_user_erasures_total 1$/m);
    } finally {
      expect(await app.stop("SIGTERM", 30_000)).toBe(0);
    }
  }, 120_000);
});
