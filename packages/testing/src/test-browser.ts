import { accessSync, constants } from "node:fs";
import { createRequire } from "node:module";
import type { Browser } from "playwright-core";
import { containerRuntimeAnswers } from "./container-runtime";
import { freePort } from "./free-port";
import { findOnPath } from "./servers/find-binary";

/** A Chromium for browser tests, and where it came from (for the test log). */
export interface TestBrowser {
  readonly browser: Browser;
  readonly source: string;
  close(): Promise<void>;
}

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** The installed playwright-core's version: a Playwright server must be the same release. */
const PLAYWRIGHT_VERSION = (
  createRequire(import.meta.url)("playwright-core/package.json") as { version: string }
).version;

const executable = (file: string) => {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * A Chromium from, in order: `CHROMIUM_PATH`; `chromium` on PATH (Debian's package); Playwright's
 * own download (`npx playwright install chromium`); else, when Docker answers, Playwright's
 * official image running `playwright run-server` on the host's network. Fails naming what to
 * install when there is none: a browser test must not be skipped silently.
 */
export async function launchTestBrowser(env = process.env): Promise<TestBrowser> {
  // Loaded here: most test files import this package and never open a browser.
  const { chromium } = await import("playwright-core");
  const local = async (executablePath: string, source: string): Promise<TestBrowser> => {
    const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    return { browser, source, close: () => browser.close() };
  };
  if (env.CHROMIUM_PATH) {
    if (!executable(env.CHROMIUM_PATH)) throw new Error("CHROMIUM_PATH is not an executable");
    return local(env.CHROMIUM_PATH, "CHROMIUM_PATH");
  }
  const onPath = findOnPath("chromium", env.PATH);
  if (onPath) return local(onPath, onPath);
  if (executable(chromium.executablePath())) {
    return local(chromium.executablePath(), "Playwright's chromium");
  }
  if (await containerRuntimeAnswers()) return browserInContainer();
  throw new Error(
    "No Chromium for the browser tests: install it (sudo apt-get install chromium, or npx playwright install chromium), start Docker, or set CHROMIUM_PATH",
  );
}

/**
 * `mcr.microsoft.com/playwright` of the installed version serving `run-server` on the host's
 * network, as Playwright's Docker documentation shows: pages it opens reach the test's
 * servers on 127.0.0.1 unchanged.
 */
async function browserInContainer(): Promise<TestBrowser> {
  const { chromium } = await import("playwright-core");
  const { GenericContainer, Wait } = await import("testcontainers");
  const port = await freePort();
  const container = await new GenericContainer(
    `mcr.microsoft.com/playwright:v${PLAYWRIGHT_VERSION}-noble`,
  )
    .withNetworkMode("host")
    .withUser("pwuser")
    .withWorkingDir("/home/pwuser")
    .withSharedMemorySize(1024 * 1024 * 1024)
    .withCommand([
      "npx",
      "-y",
      `playwright@${PLAYWRIGHT_VERSION}`,
      "run-server",
      "--port",
      String(port),
      "--host",
      "127.0.0.1",
    ])
    .withWaitStrategy(Wait.forLogMessage(/Listening on/))
    // npx downloads the playwright package on a first run.
    .withStartupTimeout(180_000)
    .start();
  try {
    const browser = await chromium.connect(`ws://127.0.0.1:${port}/`);
    return {
      browser,
      source: "Playwright's image (Docker)",
      async close() {
        await browser.close();
        await container.stop({ timeout: 1000 });
      },
    };
  } catch (error) {
    await container.stop({ timeout: 0 });
    throw error;
  }
}
