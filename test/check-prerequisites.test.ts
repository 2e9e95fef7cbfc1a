import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { freePort } from "@cert/testing";
import { afterAll, describe, expect, it } from "vitest";

// `npm test` runs scripts/check-prerequisites.mjs first; these run it as a newcomer's machine
// would, with the binaries taken off PATH and the variables pointing at nothing.

const root = join(import.meta.dirname, "..");
const script = join(root, "scripts", "check-prerequisites.mjs");
const emptyBin = mkdtempSync(join(tmpdir(), "no-binaries-"));
afterAll(() => rmSync(emptyBin, { recursive: true, force: true }));

function run(env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>(
    (resolve) => {
      const started = Date.now();
      const child = spawn(process.execPath, [script], { env, cwd: root });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => {
        stdout += d;
      });
      child.stderr.on("data", (d) => {
        stderr += d;
      });
      child.on("close", (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
    },
  );
}

/** An environment with no redis-server, no Docker engine and no Chromium. */
function bareEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: emptyBin,
    HOME: emptyBin,
    DOCKER_HOST: "unix:///nonexistent/docker.sock",
    CHROMIUM_PATH: "/nonexistent/chromium",
    ...extra,
  };
}

describe("scripts/check-prerequisites.mjs", () => {
  it("passes silently on this machine, which has what the suite needs", async () => {
    const result = await run(process.env);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it("names everything missing and how to get it, in one line, within seconds", async () => {
    const result = await run(bareEnv());
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    const line = lines[0] ?? "";
    expect(line).toMatch(/^npm test: missing prerequisites: /);
    expect(line).toContain(
      "Redis (no redis-server on PATH, TEST_REDIS_URL unset, no Docker engine)",
    );
    expect(line).toContain("Chromium (CHROMIUM_PATH is not an executable)");
    expect(line).toContain("sudo apt-get install redis-server");
    expect(line).toContain("or start Docker");
    expect(line).not.toContain("Node >=");
    expect(result.ms).toBeLessThan(5000);
  });

  it("says TEST_REDIS_URL does not answer, without printing it", async () => {
    const port = await freePort();
    const url = `redis://:s3cret-password@127.0.0.1:${port}`;
    const result = await run(bareEnv({ TEST_REDIS_URL: url, CHROMIUM_PATH: process.execPath }));
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      "npm test: missing prerequisites: Redis (nothing answers at TEST_REDIS_URL)",
    );
  });

  it("accepts a redis-server on PATH and an executable CHROMIUM_PATH", async () => {
    // Presence is what counts (the harness spawns it later), so a stand-in binary will do.
    const bin = mkdtempSync(join(tmpdir(), "with-redis-"));
    writeFileSync(join(bin, "redis-server"), "#!/bin/sh\n", { mode: 0o755 });
    const result = await run(bareEnv({ PATH: bin, CHROMIUM_PATH: process.execPath }));
    rmSync(bin, { recursive: true, force: true });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it("names a Node older than the engines floor of package.json", async () => {
    const checker = (await import(pathToFileURL(script).href)) as {
      findMissing(o: object): Promise<{ missing: string[]; packages: string[] }>;
      describeMissing(r: { missing: string[]; packages: string[] }): string;
    };
    const result = await checker.findMissing({ root, nodeVersion: "v20.17.0", env: process.env });
    expect(result.missing).toEqual(["Node >= 20.18.1 (this is v20.17.0; see nodejs.org or nvm)"]);
    expect(checker.describeMissing(result)).toBe(
      "npm test: missing prerequisites: Node >= 20.18.1 (this is v20.17.0; see nodejs.org or nvm)",
    );
    const current = await checker.findMissing({ root, nodeVersion: "v20.18.1", env: process.env });
    expect(current.missing).toEqual([]);
  });
});
