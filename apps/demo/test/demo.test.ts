import { spawn } from "node:child_process";
import { createTestDatabase, getTestServices, repoRoot, type TestDatabase } from "@cert/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The demo exactly as CI runs it (`--once`), except that it and the api/worker processes it
// spawns run from source, so the test needs no build.

interface Run {
  code: number | null;
  output: string;
}

function runDemo(env: Record<string, string>, timeoutMs: number): Promise<Run> {
  const root = repoRoot();
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "apps/demo/src/main.ts", "--once", "--count", "200"],
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

describe("npm run demo -- --once", () => {
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

  it("prints the summary: every outcome kind, 0 mismatches, latency, provider calls, dashboard", () => {
    for (const outcome of ["passed", "failed", "not_certified", "no_birthday", "not_found"]) {
      const row = new RegExp(`^${outcome}\\s+(\\d+)\\s+(\\d+)$`, "m").exec(run.output);
      expect(row, outcome).not.toBeNull();
      expect(Number(row?.[1]), `${outcome} expected`).toBeGreaterThan(0);
      expect(row?.[2], `${outcome} seen`).toBe(row?.[1]);
    }
    expect(run.output).toMatch(/^total\s+200\s+200$/m);
    expect(run.output).toMatch(/^mismatches\s+0$/m);
    expect(run.output).toMatch(/^duplicate events\s+0$/m);
    expect(run.output).toMatch(/^latency p99\s+\d+(\.\d)? ms$/m);
    expect(run.output).toMatch(/^provider calls\s+\d+$/m);
    expect(run.output).toMatch(/^token fetches\s+[1-9]\d*$/m);
    expect(run.output).toMatch(/dashboard: http:\/\/127\.0\.0\.1:\d+\/admin\/queues/);
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
