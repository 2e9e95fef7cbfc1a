import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { generateKeys } from "@cert/pii";
import { describe, expect, it } from "vitest";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const entry = fileURLToPath(new URL("../src/index.ts", import.meta.url));

describe("loadOrExit", () => {
  it("prints one line to stderr and exits 1 on a bad environment", () => {
    const script = [
      `import { loadOrExit, loadWorkerConfig } from ${JSON.stringify(entry)};`,
      "loadOrExit(loadWorkerConfig);",
      'console.log("started");',
    ].join("\n");
    const apiSecret = "do-not-print-this-secret";
    const child = spawnSync(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      {
        cwd: repoRoot,
        encoding: "utf8",
        env: {
          PATH: process.env.PATH,
          DATABASE_URL: "postgres://db/app",
          IAMPORT_API_SECRET: apiSecret,
          WORKER_CONCURRENCY: "lots",
          ...generateKeys(),
        },
      },
    );
    expect(child.status).toBe(1);
    expect(child.stdout).toBe("");
    expect(child.stderr.trimEnd().split("\n")).toEqual([
      "Invalid configuration: IAMPORT_API_KEY is required; WORKER_CONCURRENCY must be an integer between 1 and 1000",
    ]);
    expect(child.stderr).not.toContain(apiSecret);
  });

  it("returns the config when the environment is valid", () => {
    const script = [
      `import { loadOrExit, loadSandboxConfig } from ${JSON.stringify(entry)};`,
      "console.log(loadOrExit(loadSandboxConfig).sandboxPort);",
    ].join("\n");
    const child = spawnSync(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      { cwd: repoRoot, encoding: "utf8", env: { PATH: process.env.PATH, SANDBOX_PORT: "4999" } },
    );
    expect(child.status).toBe(0);
    expect(child.stdout.trim()).toBe("4999");
  });
});
