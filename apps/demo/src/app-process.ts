import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { AppNotBuiltError, AppStartError } from "./errors";

/** The production entry points the demo runs, one process each. */
export type AppName = "api" | "worker";

export interface AppProcessOptions {
  /** Repository root (where `apps/` is). */
  readonly root: string;
  /** The process environment: production apps are configured only by it. */
  readonly env: NodeJS.ProcessEnv;
  /**
   * Run `apps/<name>/src/main.ts` through tsx instead of the build in `dist/`, so tests need no
   * build. Default false (as production runs it).
   */
  readonly fromSource?: boolean;
  /** How long to wait for the ready line. Default 60 s (a cold tsx start on a busy box is slow). */
  readonly readyTimeoutMs?: number;
  /** How long SIGTERM gets before SIGKILL on stop. Default 15 s. */
  readonly stopTimeoutMs?: number;
}

export interface AppProcess {
  readonly name: AppName;
  readonly child: ChildProcess;
  /** The last lines it wrote (stdout and stderr), for failure reports. */
  recentLines(): string[];
  /** Resolves with the exit code once the process ends. */
  readonly exited: Promise<number | null>;
  /** SIGTERM (graceful shutdown), SIGKILL after the stop timeout; resolves once it is gone. */
  stop(): Promise<void>;
}

const KEPT_LINES = 40;

/** Every app logs a JSON line with `"msg":"ready"` once it accepts work. */
export function isReadyLine(line: string): boolean {
  if (!line.includes('"ready"')) return false;
  try {
    return (JSON.parse(line) as { msg?: unknown }).msg === "ready";
  } catch {
    return false;
  }
}

function commandFor(name: AppName, options: AppProcessOptions): string[] {
  if (options.fromSource) {
    return ["--import", "tsx", join(options.root, "apps", name, "src", "main.ts")];
  }
  const built = join(options.root, "apps", name, "dist", "main.js");
  if (!existsSync(built)) throw new AppNotBuiltError(built);
  return ["--enable-source-maps", built];
}

/**
 * Starts `apps/<name>` as its own process, exactly as `npm run <name>` would (without the
 * build step), and resolves once it logs ready. Rejects with its last output when it exits or
 * stays silent too long; the process is killed in that case.
 */
export async function startAppProcess(
  name: AppName,
  options: AppProcessOptions,
): Promise<AppProcess> {
  const child = spawn(process.execPath, commandFor(name, options), {
    cwd: options.root,
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  let onReady: (() => void) | undefined;
  const collect = (stream: NodeJS.ReadableStream | null) => {
    if (!stream) return;
    let buffer = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      buffer += chunk;
      for (let nl = buffer.indexOf("\n"); nl >= 0; nl = buffer.indexOf("\n")) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        lines.push(line);
        if (lines.length > KEPT_LINES) lines.shift();
        if (onReady && isReadyLine(line)) onReady();
      }
    });
  };
  collect(child.stdout);
  collect(child.stderr);
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => resolve(code));
    child.once("error", () => resolve(null));
  });

  const stopTimeoutMs = options.stopTimeoutMs ?? 15_000;
  const app: AppProcess = {
    name,
    child,
    exited,
    recentLines: () => [...lines],
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), stopTimeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };

  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    new Promise<"ready">((resolve) => {
      onReady = () => resolve("ready");
    }),
    exited.then((code) => `exited with code ${code}` as const),
    new Promise<string>((resolve) => {
      timer = setTimeout(
        () => resolve(`no ready line within ${readyTimeoutMs} ms`),
        readyTimeoutMs,
      );
    }),
  ]);
  clearTimeout(timer);
  onReady = undefined;
  if (outcome === "ready") return app;
  await app.stop();
  const output = lines.length > 0 ? `\n${lines.map((l) => `  ${name}| ${l}`).join("\n")}` : "";
  throw new AppStartError(name, `${outcome}${output}`);
}
