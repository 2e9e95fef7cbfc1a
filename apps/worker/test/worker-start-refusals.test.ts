import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { generateKeys } from "@cert/pii";
import { getTestServices, repoRoot, useTestDatabase } from "@cert/testing";
import pg from "pg";
import { describe, expect, it } from "vitest";

// What stops a worker at start, before it takes any job: personal-data keys missing or
// malformed, or rows written before encryption that `npm run pii:convert` has not converted.
// Each refusal is one line on stderr and exit status 1.

const database = useTestDatabase();

/** Runs the worker from source with exactly `env` (plus PATH), until it exits. */
function runWorker(env: Record<string, string | undefined>) {
  const run = spawnSync(
    process.execPath,
    ["--import", "tsx", join(repoRoot(), "apps", "worker", "src", "main.ts")],
    {
      cwd: repoRoot(),
      encoding: "utf8",
      timeout: 60_000,
      env: { PATH: process.env.PATH, ...env },
    },
  );
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function baseEnv() {
  return {
    DATABASE_URL: database.url,
    REDIS_URL: getTestServices().redisUrl,
    IAMPORT_API_KEY: "key",
    IAMPORT_API_SECRET: "secret",
    LOG_LEVEL: "silent",
  };
}

describe("worker start-up refusals", () => {
  it.each([
    [
      "PII_ENCRYPTION_KEYS",
      "missing",
      (k: ReturnType<typeof generateKeys>) => ({ PII_HMAC_KEY: k.PII_HMAC_KEY }),
    ],
    [
      "PII_HMAC_KEY",
      "missing",
      (k: ReturnType<typeof generateKeys>) => ({ PII_ENCRYPTION_KEYS: k.PII_ENCRYPTION_KEYS }),
    ],
    [
      "PII_ENCRYPTION_KEYS",
      "short",
      (k: ReturnType<typeof generateKeys>) => ({
        PII_ENCRYPTION_KEYS: `k1:${Buffer.alloc(16, 7).toString("base64")}`,
        PII_HMAC_KEY: k.PII_HMAC_KEY,
      }),
    ],
  ])("exits 1 with one line naming %s when it is %s, never a key", (variable, _how, keysOf) => {
    const keys = generateKeys();
    const given = keysOf(keys);
    const run = runWorker({ ...baseEnv(), ...given });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Invalid configuration: ${variable} `));
    // Key material never appears (a key id may: it names the faulty entry).
    for (const value of Object.values(given)) {
      for (const part of value.split(/[:,]/).filter((p) => p.length >= 16)) {
        expect(run.stderr).not.toContain(part);
      }
    }
  });

  it("exits 1 with one line asking for pii:convert while unconverted rows remain", async () => {
    const pool = new pg.Pool({ connectionString: database.url, max: 1 });
    // `end()` resolves before its client's socket closes; the database dropped after the test
    // may terminate that client first, and a pool without a listener rethrows the error.
    pool.on("error", () => {});
    try {
      await pool.query(
        `INSERT INTO pii_conversion_backlog (user_id, unique_key, name)
         VALUES (gen_random_uuid(), 'CI-not-converted', '홍길동')`,
      );
      const run = runWorker({ ...baseEnv(), ...generateKeys() });
      expect(run.status).toBe(1);
      expect(run.stderr.trimEnd().split("\n")).toEqual([
        "1 users rows still hold unconverted personal data: run `npm run pii:convert` first",
      ]);
    } finally {
      await pool.query("DELETE FROM pii_conversion_backlog");
      await pool.end();
    }
  });
});
