import { execFileSync, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
} from "node:fs";
import { isBuiltin } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import {
  SANDBOX_API_KEY,
  SANDBOX_API_SECRET,
  SANDBOX_V2_SECRET,
  sandboxExpectedOutcome,
  sandboxIdentityVerificationId,
  sandboxImpUid,
  sandboxV2ExpectedOutcome,
} from "@cert/iamport-sandbox";
import {
  createTestDatabase,
  freePort,
  getTestServices,
  repoRoot,
  type SpawnedApp,
  spawnApp,
  type TestDatabase,
  uniquePrefix,
} from "@cert/testing";
import pg from "pg";
import { build, type Options } from "tsup";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import cliBundles from "../tsup.cli";
import { buildStage, runtimeStage } from "./support/dockerfile";
import { request, submit } from "./support/intake-client";
import { waitFor } from "./support/wait-for";

// No Docker engine runs here, so the image's runtime stage is rehearsed instead of built: its
// files are put together as its COPY instructions say, from this checkout's bundles (`npm test`
// builds them first) and the production dependencies its build stage's own command selects,
// in a directory from which no other node_modules can be reached. Then the migrations, the
// sandbox, the API and the worker run from there with node alone, as docker-compose.yml starts
// them. A bundle that needs a devDependency, or a file the stage forgets to copy, fails here.

const APPS = ["api", "worker", "sandbox"] as const;
const repoDir = repoRoot();

/**
 * The build stage's /prod, made by its own `RUN npm ls --omit=dev ...` instruction run here in a
 * shell, with the build's /app read as this checkout and /prod and its list file put in
 * `scratch`: the production dependencies it selects, each copied with its path.
 */
function assembleProduction(scratch: string): string {
  const command = buildStage.find((line) => line.startsWith("RUN npm ls --omit=dev "));
  if (!command) throw new Error("the build stage no longer runs `npm ls --omit=dev ...`");
  const prodDir = join(scratch, "prod");
  const script = command
    .slice("RUN ".length)
    .replaceAll("/tmp/production-paths", join(scratch, "production-paths"))
    .replaceAll(/\/prod\b/g, prodDir)
    .replaceAll("/app/", `${repoDir}/`);
  execFileSync("sh", ["-ec", script], { cwd: repoDir });
  expect(existsSync(join(prodDir, "node_modules"))).toBe(true);
  return prodDir;
}

/** Docker's COPY: a folder's contents into `dest`; a file into `dest` (a folder if it ends in /). */
function copyLikeDocker(source: string, dest: string): void {
  if (statSync(source).isDirectory()) {
    cpSync(source, dest, { recursive: true });
    return;
  }
  const target = dest.endsWith("/") ? join(dest, basename(source)) : dest;
  mkdirSync(dirname(target), { recursive: true });
  cpSync(source, target);
}

/** Builds what the image's /app holds into `app`, following the runtime stage's COPYs. */
async function assembleRuntimeStage(scratch: string, app: string): Promise<void> {
  const built = { prod: assembleProduction(scratch), cli: join(scratch, "cli") };
  await build({ ...(cliBundles as Options), outDir: built.cli, config: false, silent: true });
  const sourceOf = (from: string) => {
    if (from.startsWith("/prod/")) return join(built.prod, from.slice("/prod/".length));
    if (from === "/app/dist/cli") return built.cli;
    if (from.startsWith("/app/")) return join(repoDir, from.slice("/app/".length));
    throw new Error(`COPY from an unknown place: ${from}`);
  };
  const copies = runtimeStage.flatMap((line) => {
    const match = /^COPY --from=build (\S+) (\S+)$/.exec(line);
    return match ? [{ from: match[1] as string, to: match[2] as string }] : [];
  });
  expect(copies.length).toBeGreaterThan(0);
  for (const { from, to } of copies) copyLikeDocker(sourceOf(from), join(app, to));
}

/** `@scope/name/sub` -> `@scope/name`, `name/sub` -> `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return (specifier.startsWith("@") ? parts.slice(0, 2) : parts.slice(0, 1)).join("/");
}

function dependenciesOf(dir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(repoDir, dir, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
  };
  return Object.keys(manifest.dependencies ?? {});
}

/** How many migrations Postgres at `url` records as applied. */
async function appliedMigrations(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations",
    );
    return rows[0]?.n ?? 0;
  } finally {
    await client.end();
  }
}

let scratch: string;
let app: string;
let database: TestDatabase;
const running: SpawnedApp[] = [];

beforeAll(async () => {
  for (const name of APPS) {
    const bundle = join(repoDir, "apps", name, "dist", "main.js");
    expect(existsSync(bundle), `${bundle}: npm test builds it first`).toBe(true);
  }
  scratch = mkdtempSync(join(tmpdir(), "cert-image-"));
  app = join(scratch, "app");
  // Node looks for packages in node_modules of every folder above the script: none may exist.
  for (let dir = dirname(app); dir !== dirname(dir); dir = dirname(dir)) {
    expect(existsSync(join(dir, "node_modules")), `${dir}/node_modules`).toBe(false);
  }
  await assembleRuntimeStage(scratch, app);
  database = await createTestDatabase({ migrated: false });
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(running.map((process) => process.stop()));
  await database?.drop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe("the image's runtime stage, assembled as its COPY instructions say", () => {
  it("holds production dependencies only", () => {
    // Build and test tools; TypeScript is also an optional peer the build stage leaves out.
    const devOnly = [
      "typescript",
      "tsx",
      "tsup",
      "turbo",
      "vitest",
      "@biomejs/biome",
      "testcontainers",
    ];
    for (const tool of devOnly) {
      expect(existsSync(join(app, "node_modules", tool)), tool).toBe(false);
    }
    for (const needed of ["bullmq", "express", "pg", "undici"]) {
      expect(existsSync(join(app, "node_modules", needed)), needed).toBe(true);
    }
  });

  it("holds the migration command (`npm run db:migrate` without tsx), bundled from packages/db with production dependencies of db and config only", () => {
    expect(cliBundles).toMatchObject({
      entry: { migrate: "packages/db/src/cli/migrate.ts" },
      outDir: "dist/cli",
    });
    const bundle = readFileSync(join(app, "dist", "cli", "migrate.js"), "utf8");
    const allowed = [...dependenciesOf("packages/db"), ...dependenciesOf("packages/config")];
    const imports = [...bundle.matchAll(/from "([^"]+)"/g)].map((m) => m[1] as string);
    expect(imports.length).toBeGreaterThan(0);
    for (const specifier of imports.filter((s) => !isBuiltin(s))) {
      expect(allowed, `bundle imports ${specifier}`).toContain(packageName(specifier));
    }
  });

  it("migrates, then serves and checks a V1 and a V2 verification with node alone", {
    timeout: 120_000,
  }, async () => {
    const migrate = spawnSync(process.execPath, ["dist/cli/migrate.js"], {
      cwd: app,
      env: { PATH: process.env.PATH, NODE_ENV: "production", DATABASE_URL: database.url },
      encoding: "utf8",
    });
    expect(migrate.status, migrate.stderr).toBe(0);
    expect(await appliedMigrations(database.url)).toBeGreaterThan(0);

    const sandboxPort = await freePort();
    const redisUrl = getTestServices().redisUrl;
    const queuePrefix = uniquePrefix("image");
    const shared = { DATABASE_URL: database.url, REDIS_URL: redisUrl, QUEUE_PREFIX: queuePrefix };
    const sandbox = await spawnApp("sandbox", {
      bundleRoot: app,
      env: { SANDBOX_PORT: String(sandboxPort), SANDBOX_HOST: "127.0.0.1" },
      ready: (line) => line.includes("sandbox listening"),
    });
    running.push(sandbox);
    const apiPort = await freePort();
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
    running.push(
      ...(await Promise.all([
        spawnApp("api", { bundleRoot: app, env: { ...shared, PORT: String(apiPort) } }),
        spawnApp("worker", {
          bundleRoot: app,
          env: {
            ...shared,
            OUTCOME_STREAM: uniquePrefix("image-outcomes"),
            IAMPORT_API_URL: sandboxUrl,
            IAMPORT_API_KEY: SANDBOX_API_KEY,
            IAMPORT_API_SECRET: SANDBOX_API_SECRET,
            PORTONE_API_URL: sandboxUrl,
            PORTONE_API_SECRET: SANDBOX_V2_SECRET,
            WORKER_METRICS_PORT: String(await freePort()),
          },
        }),
      ])),
    );

    // The image's HEALTHCHECK: the API's liveness on PORT.
    const health = spawnSync(process.execPath, ["scripts/healthcheck.mjs"], {
      cwd: app,
      env: { PATH: process.env.PATH, PORT: String(apiPort) },
    });
    expect(health.status).toBe(0);

    const impUid = sandboxImpUid("full", 41, 7001);
    const v2Id = sandboxIdentityVerificationId("minor", 42, 7002);
    expect((await submit(apiUrl, impUid)).status).toBe(202);
    const v2 = await request(`${apiUrl}/identity-verifications`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ identityVerificationId: v2Id }),
    });
    expect(v2.status).toBe(202);
    const statuses = {
      [`/certifications/${impUid}`]: sandboxExpectedOutcome(impUid),
      [`/identity-verifications/${v2Id}`]: sandboxV2ExpectedOutcome(v2Id),
    };
    for (const [path, outcome] of Object.entries(statuses)) {
      await waitFor(
        async () => {
          const { body } = await request(`${apiUrl}${path}`);
          return (body as { status?: string }).status === "completed";
        },
        { what: `${path} completed`, timeoutMs: 60_000, intervalMs: 200 },
      );
      expect((await request(`${apiUrl}${path}`)).body).toMatchObject({ outcome });
    }
  });
});
