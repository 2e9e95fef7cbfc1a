/**
 * Key rotation while the worker keeps writing: `rotatePiiKeys` under concurrent profile updates
 * loses and corrupts nothing, and afterwards a reader holding only the new key reads every value.
 */
import { generateKeys, PiiCipher } from "@cert/pii";
import type pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { rotatePiiKeys } from "../src";
import { certificationRecord, checkResult, persistForTest } from "./fixtures";
import { usePooledTestDatabase } from "./helpers";
import { runCommand } from "./run-command";

const database = usePooledTestDatabase();
let pool: pg.Pool;

const old = generateKeys("old");
const fresh = generateKeys("new");
/** Before the rotation: only the old key. */
const oldCipher = PiiCipher.fromEnv(old);
/** Deployed for the rotation: the new key first, the old one still readable. */
const bothEnv = {
  PII_ENCRYPTION_KEYS: `${fresh.PII_ENCRYPTION_KEYS},${old.PII_ENCRYPTION_KEYS}`,
  PII_HMAC_KEY: old.PII_HMAC_KEY,
};
const bothCipher = PiiCipher.fromEnv(bothEnv);
/** After: the old key dropped. */
const newOnly = PiiCipher.fromEnv({ ...fresh, PII_HMAC_KEY: old.PII_HMAC_KEY });

const PEOPLE = 120;
const ciOf = (i: number) => `CI-rotation-person-${i}`;
const day = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 60_000);

beforeAll(async () => {
  pool = database.pool();
  for (let i = 0; i < PEOPLE; i++) {
    const result = checkResult({
      certification: certificationRecord({
        uniqueKey: ciOf(i),
        uniqueInSite: `DI-${i}`,
        name: `name-${i}-0`,
        phone: `010${String(i).padStart(8, "0")}`,
        certifiedAt: day(0),
      }),
    });
    await persistForTest(pool, result, oldCipher);
  }
});

describe("rotatePiiKeys", () => {
  it("re-encrypts everything under the new key while a writer keeps updating profiles", async () => {
    const lastName = new Map<number, string>();
    for (let i = 0; i < PEOPLE; i++) lastName.set(i, `name-${i}-0`);
    let writing = true;
    // The worker, already deployed with the new key first, rewriting profiles meanwhile.
    const writer = (async () => {
      let k = 0;
      while (writing || k < 200) {
        k += 1;
        const i = (k * 7) % PEOPLE;
        const name = `name-${i}-${k}`;
        await persistForTest(
          pool,
          checkResult({
            certification: certificationRecord({
              uniqueKey: ciOf(i),
              uniqueInSite: `DI-${i}`,
              name,
              phone: `010${String(i).padStart(8, "0")}`,
              certifiedAt: day(k),
            }),
          }),
          bothCipher,
        );
        lastName.set(i, name);
      }
    })();
    const progress: number[] = [];
    const total = await rotatePiiKeys(pool, bothCipher, {
      batchSize: 7,
      onProgress: (p) => progress.push(p.scanned),
    });
    writing = false;
    await writer;

    expect(total.scanned).toBeGreaterThanOrEqual(PEOPLE);
    expect(progress.length).toBeGreaterThan(1);

    const { rows } = await pool.query<{ ci: string; di: string; name: string; phone: string }>(
      "SELECT ci, di, name, phone FROM users WHERE ci LIKE 'v1:%'",
    );
    const byCi = new Map(rows.map((r) => [newOnly.decrypt("ci", r.ci), r]));
    for (let i = 0; i < PEOPLE; i++) {
      const row = byCi.get(ciOf(i));
      expect(row, ciOf(i)).toBeDefined();
      if (!row) continue;
      expect(newOnly.decrypt("name", row.name)).toBe(lastName.get(i));
      expect(newOnly.decrypt("di", row.di)).toBe(`DI-${i}`);
      expect(newOnly.decrypt("phone", row.phone)).toBe(`010${String(i).padStart(8, "0")}`);
    }
    // The old key alone reads none of them any more.
    expect(() => oldCipher.decrypt("name", rows[0]?.name ?? "")).toThrow();
  });

  it("`pii:rotate` reports zero left once done", async () => {
    const url = (pool as unknown as { options: { connectionString: string } }).options
      .connectionString;
    const run = await runCommand("pii-rotate", { DATABASE_URL: url, ...bothEnv });
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toMatch(/done, \d+ users scanned, 0 re-encrypted under key new/);
  });
});
