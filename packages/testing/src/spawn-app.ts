import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { TEST_PII_KEYS } from "./pii-keys";
import { repoRoot } from "./repo-root";

export type AppName = "api" | "worker" | "sandbox";

export interface SpawnedApp {
  readonly child: ChildProcess;
  /** Every line the process wrote to stdout and stderr so far. */
  readonly lines: string[];
  /** Sends `signal` (default SIGTERM) and waits for exit; SIGKILL after `timeoutMs` (10 s). */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
  /** kill -9, as a crash would. */
  kill(): Promise<void>;
  /** Resolves when a line matches. */
  waitForLine(match: (line: string) => boolean, timeoutMs?: number): Promise<string>;
}

export interface SpawnAppOptions {
  /**
   * Added to a minimal environment (PATH, HOME, and this test process's personal-data keys,
   * `TEST_PII_KEYS`); the test's own env is not inherited.
   */
  env: Record<string, string | undefined>;
  /**
   * Readiness: resolves when this returns true for a line. Default: a JSON log line whose
   * msg is "ready" (every app logs it once it accepts work).
   */
  ready?: (line: string) => boolean;
  /** Default: 30 s. */
  readyTimeoutMs?: number;
  /**
   * Run the built bundle `apps/<name>/dist/main.js` under this directory, from it, with node
   * alone, as the container image does. Default: the app's source in this checkout, through tsx.
   */
  bundleRoot?: string;
}

const isReadyLine = (line: string) => {
  try {
    return JSON.parse(line).msg === "ready";
  } catch {
    return false;
  }
};

/**
 * Starts an app as production runs it (its own process, configured only by environment),
 * from source through tsx so tests never run a stale build (or from a built tree, `bundleRoot`).
 */
export async function spawnApp(name: AppName, options: SpawnAppOptions): Promise<SpawnedApp> {
  const root = repoRoot();
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    // This test process's own keys; a test drops them with `PII_ENCRYPTION_KEYS: undefined`.
    ...TEST_PII_KEYS,
    ...options.env,
  };
  const { bundleRoot } = options;
  const args = bundleRoot
    ? ["--enable-source-maps", join(bundleRoot, "apps", name, "dist", "main.js")]
    : ["--import", "tsx", join(root, "apps", name, "src", "main.ts")];
  const child = spawn(process.execPath, args, {
    cwd: bundleRoot ?? root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const waiters = new Set<{ match: (l: string) => boolean; resolve: (l: string) => void }>();
  const onData = (stream: NodeJS.ReadableStream) => {
    let buffer = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      buffer += chunk;
      let nl = buffer.indexOf("\n");
      while (nl >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        lines.push(line);
        for (const w of waiters) if (w.match(line)) w.resolve(line);
        nl = buffer.indexOf("\n");
      }
    });
  };
  if (child.stdout) onData(child.stdout);
  if (child.stderr) onData(child.stderr);
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );

  const waitForLine = (match: (line: string) => boolean, timeoutMs = 30_000) =>
    new Promise<string>((resolve, reject) => {
      const seen = lines.find(match);
      if (seen !== undefined) return resolve(seen);
      const waiter = {
        match,
        resolve: (l: string) => {
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(l);
        },
      };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(
          new Error(
            `${name}: no matching line within ${timeoutMs} ms:\n${lines.slice(-20).join("\n")}`,
          ),
        );
      }, timeoutMs);
      waiters.add(waiter);
      void exited.then((code) => {
        if (!waiters.has(waiter)) return;
        waiters.delete(waiter);
        clearTimeout(timer);
        reject(
          new Error(
            `${name} exited (${code}) before the expected line:\n${lines.slice(-20).join("\n")}`,
          ),
        );
      });
    });

  const app: SpawnedApp = {
    child,
    lines,
    waitForLine,
    async stop(signal = "SIGTERM", timeoutMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGKILL");
      await exited;
    },
  };
  try {
    await waitForLine(options.ready ?? isReadyLine, options.readyTimeoutMs ?? 30_000);
  } catch (err) {
    await app.kill();
    throw err;
  }
  return app;
}
