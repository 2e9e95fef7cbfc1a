import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { freePort } from "@cert/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// `npm test` runs scripts/check-prerequisites.mjs first; these run it as a newcomer's machine
// would, with the binaries taken off PATH and the variables pointing at nothing.

const root = join(import.meta.dirname, "..");
const script = join(root, "scripts", "check-prerequisites.mjs");
const scratch = mkdtempSync(join(tmpdir(), "prerequisites-"));
const emptyBin = join(scratch, "empty-bin");
mkdirSync(emptyBin);

/** Answers Docker's `GET /_ping` on a unix socket: what the check asks a Docker engine. */
let engine: Server;
const engineSocket = join(scratch, "docker.sock");
beforeAll(async () => {
  engine = createServer((req, res) => {
    res.writeHead(req.url === "/_ping" ? 200 : 404).end("OK");
  });
  await new Promise<void>((resolve) => engine.listen(engineSocket, resolve));
});
afterAll(async () => {
  await new Promise((resolve) => engine?.close(resolve));
  rmSync(scratch, { recursive: true, force: true });
});

interface Missing {
  missing: string[];
  packages: string[];
}
const checker = () =>
  import(pathToFileURL(script).href) as Promise<{
    findMissing(o: object): Promise<Missing>;
    describeMissing(r: Missing): string;
  }>;

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

/** An environment with no binaries on PATH, no Docker engine and no Playwright download. */
function bareEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: emptyBin,
    HOME: emptyBin,
    DOCKER_HOST: "unix:///nonexistent/docker.sock",
    PLAYWRIGHT_BROWSERS_PATH: join(scratch, "no-browsers"),
    ...extra,
  };
}

/** A directory of stand-in executables: presence is what the check counts. */
function binDir(...names: string[]): string {
  const dir = mkdtempSync(join(scratch, "bin-"));
  for (const name of names) writeFileSync(join(dir, name), "#!/bin/sh\n", { mode: 0o755 });
  return dir;
}

describe("scripts/check-prerequisites.mjs", () => {
  it("passes silently on this machine, which has what the suite needs", async () => {
    const result = await run(process.env);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it("names every missing binary and how to get it, in one line, within seconds", async () => {
    const result = await run(bareEnv());
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    const line = lines[0] ?? "";
    expect(line).toMatch(
      /^npm test: missing prerequisites: openssl: not installed \(the TLS test makes its certificates with it\); redis-server, /,
    );
    expect(line).toContain(
      "chromium (or `npx playwright install chromium`): not installed, and no Docker engine answers",
    );
    expect(line).toMatch(/sudo apt-get install openssl redis-server (pgbouncer )?chromium`/);
    expect(line).toMatch(/, or `sudo apt-get install openssl` and start Docker$/);
    expect(line).not.toContain("Node >=");
    expect(result.ms).toBeLessThan(5000);
  });

  it("names pgbouncer when it is neither on PATH nor in an sbin directory", async () => {
    const { findMissing, describeMissing } = await checker();
    const env = bareEnv({ PATH: binDir("redis-server", "chromium", "openssl") });
    const result = await findMissing({ root, env, sbinDirs: [] });
    expect(result.packages).toEqual(["pgbouncer"]);
    expect(describeMissing(result)).toBe(
      "npm test: missing prerequisites: pgbouncer: not installed, and no Docker engine answers; install with `sudo apt-get install pgbouncer` (Debian/Ubuntu) or start Docker",
    );
    const inSbin = await findMissing({ root, env, sbinDirs: [binDir("pgbouncer")] });
    expect(inSbin.missing).toEqual([]);
  });

  it("needs none of the binaries but openssl when a Docker engine answers", async () => {
    const docker = `unix://${engineSocket}`;
    const result = await run(bareEnv({ PATH: binDir("openssl"), DOCKER_HOST: docker }));
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it("names openssl even when a Docker engine answers: the certificates are made on the host", async () => {
    const result = await run(bareEnv({ DOCKER_HOST: `unix://${engineSocket}` }));
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      "npm test: missing prerequisites: openssl: not installed (the TLS test makes its certificates with it); install with `sudo apt-get install openssl` (Debian/Ubuntu)",
    );
  });

  it("says TEST_REDIS_URL does not answer, without printing it", async () => {
    const port = await freePort();
    const url = `redis://:s3cret-password@127.0.0.1:${port}`;
    const docker = `unix://${engineSocket}`;
    const result = await run(
      bareEnv({ PATH: binDir("openssl"), TEST_REDIS_URL: url, DOCKER_HOST: docker }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      "npm test: missing prerequisites: Redis (nothing answers at TEST_REDIS_URL)",
    );
  });

  it("says CHROMIUM_PATH is not an executable, even with Docker", async () => {
    const docker = `unix://${engineSocket}`;
    const result = await run(
      bareEnv({
        PATH: binDir("openssl"),
        CHROMIUM_PATH: "/nonexistent/chrome",
        DOCKER_HOST: docker,
      }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      "npm test: missing prerequisites: Chromium (CHROMIUM_PATH is not an executable)",
    );
  });

  it("accepts installed binaries without Docker: chromium on PATH, or CHROMIUM_PATH", async () => {
    const onPath = await run(
      bareEnv({ PATH: binDir("redis-server", "pgbouncer", "chromium", "openssl") }),
    );
    expect(onPath.stderr).toBe("");
    expect(onPath.code).toBe(0);
    const bin = binDir("redis-server", "pgbouncer", "openssl");
    const viaVariable = await run(bareEnv({ PATH: bin, CHROMIUM_PATH: process.execPath }));
    expect(viaVariable.stderr).toBe("");
    expect(viaVariable.code).toBe(0);
  });

  it("counts Playwright's own Chromium (npx playwright install chromium)", async () => {
    const browsers = join(scratch, "ms-playwright");
    // Where playwright-core looks for its Chromium under PLAYWRIGHT_BROWSERS_PATH.
    const located = spawnSync(
      process.execPath,
      ["-e", "import('playwright-core').then((p) => console.log(p.chromium.executablePath()))"],
      { cwd: root, env: { ...process.env, PLAYWRIGHT_BROWSERS_PATH: browsers }, encoding: "utf8" },
    );
    const chrome = located.stdout.trim();
    expect(chrome.startsWith(browsers)).toBe(true);
    const env = bareEnv({ PATH: binDir("redis-server", "pgbouncer", "openssl") });
    expect((await run({ ...env, PLAYWRIGHT_BROWSERS_PATH: browsers })).code).toBe(1);
    mkdirSync(dirname(chrome), { recursive: true });
    writeFileSync(chrome, "#!/bin/sh\n", { mode: 0o755 });
    const result = await run({ ...env, PLAYWRIGHT_BROWSERS_PATH: browsers });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it("names a Node older than the engines floor of package.json", async () => {
    const { findMissing, describeMissing } = await checker();
    const result = await findMissing({ root, nodeVersion: "v20.17.0", env: process.env });
    expect(result.missing).toEqual(["Node >= 20.18.1 (this is v20.17.0; see nodejs.org or nvm)"]);
    expect(describeMissing(result)).toBe(
      "npm test: missing prerequisites: Node >= 20.18.1 (this is v20.17.0; see nodejs.org or nvm)",
    );
    const current = await findMissing({ root, nodeVersion: "v20.18.1", env: process.env });
    expect(current.missing).toEqual([]);
  });
});
