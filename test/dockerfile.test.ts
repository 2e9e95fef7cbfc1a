import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { repoRoot } from "@cert/testing";
import { describe, expect, it } from "vitest";
import {
  buildStage,
  dockerfile,
  instructions,
  runtimeStage as runtime,
  stageStarts,
} from "./support/dockerfile";

// No Docker engine runs here, so the image is checked by reading its Dockerfile, and its health
// probe is run as the image runs it. image-runtime.test.ts assembles the runtime stage's files and
// runs the migration command and the apps from them.

const root = repoRoot();

describe("Dockerfile", () => {
  it("builds on a pinned release of a supported even (LTS) Node line", () => {
    const version = /^ARG NODE_VERSION=(\d+)\.(\d+)\.(\d+)$/m.exec(dockerfile);
    expect(version, "ARG NODE_VERSION=<major.minor.patch>").not.toBeNull();
    const major = Number(version?.[1]);
    expect(major % 2, "an even, LTS line").toBe(0);
    expect(major, "Node 20 and 22 are past or near end of life").toBeGreaterThanOrEqual(24);
    const froms = instructions.filter((line) => line.startsWith("FROM "));
    expect(froms).toHaveLength(2);
    for (const from of froms)
      expect(from).toMatch(/^FROM node:\$\{NODE_VERSION\}-bookworm-slim AS /);
  });

  it("builds in the first stage and runs without building in the second", () => {
    const buildText = buildStage.join("\n");
    expect(stageStarts).toHaveLength(2);
    expect(buildText).toContain("npm ci");
    expect(buildText).toContain("npm run build");
    expect(buildText).toContain("npx tsup --config tsup.cli.ts");
    expect(buildText).toContain("npm ls --omit=dev");
    const runtimeText = runtime.join("\n");
    expect(runtimeText).not.toMatch(/^RUN /m);
    expect(runtimeText).not.toMatch(/npm|tsx|turbo|tsup/);
    expect(runtimeText).toContain("COPY --from=build /prod/node_modules ./node_modules");
    expect(runtimeText).toContain("ENV NODE_ENV=production");
  });

  it("runs as the unprivileged node user, with a health check, starting a bundle with node", () => {
    const user = runtime.findLast((line) => line.startsWith("USER "));
    expect(user).toBe("USER node");
    expect(runtime.indexOf(user ?? "")).toBeLessThan(
      runtime.findIndex((l) => l.startsWith("CMD ")),
    );
    expect(runtime.find((line) => line.startsWith("HEALTHCHECK "))).toContain(
      '["node", "scripts/healthcheck.mjs"]',
    );
    expect(runtime.at(-1)).toBe('CMD ["node", "--enable-source-maps", "apps/api/dist/main.js"]');
  });

  it("keeps host builds, dependencies and local secrets out of the build context", () => {
    const ignored = readFileSync(join(root, ".dockerignore"), "utf8").split("\n");
    for (const entry of ["**/node_modules", "**/dist", ".git", ".env"]) {
      expect(ignored).toContain(entry);
    }
  });
});

describe("scripts/healthcheck.mjs", () => {
  /** Runs the probe as the image does and resolves with its exit code. */
  const probe = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
    new Promise<number | null>((resolve) => {
      spawn(process.execPath, [join(root, "scripts/healthcheck.mjs"), ...args], { env }).on(
        "exit",
        resolve,
      );
    });

  it("exits 0 on a 2xx answer and 1 on an error status or no answer", async () => {
    const server = createServer((req, res) => res.writeHead(req.url === "/ok" ? 200 : 503).end());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      expect(await probe([`http://127.0.0.1:${port}/ok`])).toBe(0);
      expect(await probe([`http://127.0.0.1:${port}/down`])).toBe(1);
      // No argument: the API's /healthz on PORT.
      expect(await probe([], { ...process.env, PORT: String(port) })).toBe(1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(await probe([`http://127.0.0.1:${port}/ok`])).toBe(1);
  });
});
