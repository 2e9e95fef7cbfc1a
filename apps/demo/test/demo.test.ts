import { spawn } from "node:child_process";
import { createTestDatabase, getTestServices, repoRoot, type TestDatabase } from "@cert/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The demo exactly as CI runs it (`--once`), except that it and the api/worker processes it
// spawns run from source, so the test needs no build.

/** Small, but enough for every V1 shape and every V2 shape the demo sends, with duplicates. */
const COUNT = 200;

interface Run {
  code: number | null;
  output: string;
}

function runDemo(env: Record<string, string>, timeoutMs: number): Promise<Run> {
  const root = repoRoot();
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "apps/demo/src/main.ts",
      "--provider",
      "both",
      "--once",
      "--count",
      String(COUNT),
    ],
    {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, DEMO_FROM_SOURCE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
  });
  // The demo stops its own children on SIGTERM; a hung run must not outlive the test.
  const timer = setTimeout(() => child.kill("SIGTERM"), timeoutMs);
  return new Promise((resolve) => {
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe("npm run demo -- --provider both --once", () => {
  let db: TestDatabase;
  let run: Run;

  beforeAll(async () => {
    db = await createTestDatabase();
    const { redisUrl } = getTestServices();
    run = await runDemo({ DATABASE_URL: db.url, REDIS_URL: redisUrl }, 240_000);
  }, 300_000);

  afterAll(async () => {
    await db?.drop();
  });

  it("exits 0 once every verification reached its expected outcome exactly once", () => {
    expect(run.output).toContain(
      "OK: every verification reached its expected outcome exactly once.",
    );
    expect(run.code, run.output).toBe(0);
  });

  it("prints outcomes by kind per provider, each seen as expected", () => {
    const header = /^outcome\s+V1 expected\s+V1 seen\s+V2 expected\s+V2 seen\s+expected\s+seen$/m;
    expect(run.output).toMatch(header);
    const counts = (outcome: string) => {
      const row = new RegExp(`^${outcome}((?:\\s+\\d+){6})$`, "m").exec(run.output);
      expect(row, outcome).not.toBeNull();
      return (row?.[1] ?? "").trim().split(/\s+/).map(Number);
    };
    // V1 covers every outcome; V2 (not-found and READY-forever left out) every one but not_found.
    for (const outcome of ["passed", "failed", "not_certified", "no_birthday", "not_found"]) {
      const [v1Expected, v1Seen, v2Expected, v2Seen, expected, seen] = counts(outcome);
      expect(v1Expected, `${outcome} V1 expected`).toBeGreaterThan(0);
      expect(v1Seen, `${outcome} V1 seen`).toBe(v1Expected);
      if (outcome === "not_found") expect(v2Expected).toBe(0);
      else expect(v2Expected, `${outcome} V2 expected`).toBeGreaterThan(0);
      expect(v2Seen, `${outcome} V2 seen`).toBe(v2Expected);
      expect(expected).toBe((v1Expected ?? 0) + (v2Expected ?? 0));
      expect(seen).toBe(expected);
    }
    const half = COUNT / 2;
    expect(counts("total")).toEqual([half, half, half, half, COUNT, COUNT]);
  });

  it("prints the figures: no mismatch, latency, provider calls of both providers, dashboard", () => {
    expect(run.output).toMatch(/^mismatches\s+0$/m);
    expect(run.output).toMatch(/^duplicate events\s+0$/m);
    expect(run.output).toMatch(/^latency p99\s+\d+(\.\d)? ms$/m);
    const calls = (name: string) =>
      Number(new RegExp(`^${name}\\s+(\\d+)$`, "m").exec(run.output)?.[1] ?? Number.NaN);
    // Every verification is fetched at least once; READY-then-VERIFIED ids more than once.
    expect(calls("V1 provider calls")).toBeGreaterThanOrEqual(COUNT / 2);
    expect(calls("V1 token fetches")).toBeGreaterThanOrEqual(1);
    expect(calls("V2 provider calls")).toBeGreaterThan(COUNT / 2);
    expect(run.output).toMatch(/dashboard: http:\/\/127\.0\.0\.1:\d+\/admin\/queues/);
  });

  it("never prints the personal data keys it gives the apps", () => {
    expect(run.output).not.toMatch(/PII_ENCRYPTION_KEYS|PII_HMAC_KEY|k1:[A-Za-z0-9+/]{40}/);
  });

  it("leaves no keys of its run behind in the shared Redis", async () => {
    const names = /queue prefix: ([^,\s]+), outcome stream: (\S+)/.exec(run.output);
    expect(names?.[1]).toMatch(/^demo-\d+$/);
    const redis = new Redis(getTestServices().redisUrl);
    try {
      expect(await redis.keys(`${names?.[1]}:*`)).toEqual([]);
      expect(await redis.exists(names?.[2] ?? "")).toBe(0);
    } finally {
      redis.disconnect();
    }
  });
});
