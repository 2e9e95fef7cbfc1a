import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

/** How a launched process says it accepts work. */
export type Readiness =
  /** A JSON log line `{"msg":"ready"}`, as every app of the repository writes. */
  | "log-line"
  /** An IPC message `{type: "ready"}`, as the bench's baseline processes send. */
  | "ipc";

export interface LaunchOptions {
  /** Label for logs and errors, also in the log file's name. */
  name: string;
  /** The JavaScript file to run with this Node binary. */
  script: string;
  /** Environment on top of PATH, HOME and NODE_ENV=production; the bench's own is not inherited. */
  env: Record<string, string>;
  /** Extra Node flags (e.g. `--cpu-prof`). Default none. */
  nodeArgs?: string[];
  /** Folder for `<name>.log` (stdout and stderr). */
  logDir: string;
  /** Default "log-line". */
  readiness?: Readiness;
  /** Default 30 s. */
  readyTimeoutMs?: number;
}

export interface NodeProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  readonly child: ChildProcess;
  /** Resolves with the first IPC message `match` accepts. */
  waitForMessage<T>(match: (message: unknown) => message is T, timeoutMs?: number): Promise<T>;
  send(message: unknown): void;
  /** SIGTERM, then SIGKILL after `timeoutMs` (default 10 s); resolves once it exited. */
  stop(timeoutMs?: number): Promise<void>;
}

const live = new Set<NodeProcess>();
let launched = 0;

/**
 * Stops every process still running but those in `keep`: the bench's exit path, its Ctrl-C
 * handler, and the sweep after a scenario that failed half-way.
 */
export async function stopAllProcesses(keep: readonly NodeProcess[] = []): Promise<void> {
  await Promise.allSettled([...live].filter((p) => !keep.includes(p)).map((p) => p.stop(5000)));
}

function isReadyLine(line: string): boolean {
  if (!line.includes('"ready"')) return false;
  try {
    return JSON.parse(line).msg === "ready";
  } catch {
    return false;
  }
}

/** The last lines of a log file, for error messages. */
export function tailOf(file: string, lines = 20): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/**
 * Starts a Node process whose output goes to a file rather than a pipe: reading a chatty
 * production log through a pipe would cost the bench driver CPU that the figures then show.
 */
export async function launchNode(options: LaunchOptions): Promise<NodeProcess> {
  // Numbered so a relaunch never finds the previous process's "ready" line.
  launched += 1;
  const logFile = join(options.logDir, `${String(launched).padStart(3, "0")}-${options.name}.log`);
  const fd = openSync(logFile, "w");
  const readiness = options.readiness ?? "log-line";
  const env = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    NODE_ENV: "production",
    ...options.env,
  };
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.script], {
    env,
    stdio: ["ignore", fd, fd, ...(readiness === "ipc" ? (["ipc"] as const) : [])],
  });
  closeSync(fd);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const isRunning = () => child.exitCode === null && child.signalCode === null;

  const waitForMessage = <T>(match: (m: unknown) => m is T, timeoutMs = 30_000) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (message: unknown) => {
        if (!match(message)) return;
        cleanup();
        resolve(message);
      };
      const onExit = () => {
        cleanup();
        reject(new Error(`${options.name} exited:\n${tailOf(logFile)}`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(`${options.name}: no expected message in ${timeoutMs} ms:\n${tailOf(logFile)}`),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        child.off("message", onMessage);
        child.off("exit", onExit);
      };
      child.on("message", onMessage);
      child.once("exit", onExit);
    });

  const handle: NodeProcess = {
    name: options.name,
    pid: child.pid ?? -1,
    logFile,
    child,
    waitForMessage,
    send(message) {
      child.send?.(message as object);
    },
    async stop(timeoutMs = 10_000) {
      live.delete(handle);
      if (!isRunning()) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
      await exited;
      clearTimeout(timer);
    },
  };
  live.add(handle);

  try {
    if (readiness === "ipc") {
      await waitForMessage(
        (m): m is { type: "ready" } => (m as { type?: string } | null)?.type === "ready",
        options.readyTimeoutMs,
      );
    } else {
      await waitForLogLine(
        logFile,
        isReadyLine,
        options.readyTimeoutMs ?? 30_000,
        isRunning,
        options.name,
      );
    }
  } catch (err) {
    await handle.stop(2000);
    throw err;
  }
  return handle;
}

/** Polls a log file until a line matches (the process writes it; we never hold a pipe). */
async function waitForLogLine(
  file: string,
  match: (line: string) => boolean,
  timeoutMs: number,
  isRunning: () => boolean,
  name: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const text = readFileSync(file, "utf8");
    if (text.split("\n").some(match)) return;
    if (!isRunning()) throw new Error(`${name} exited before it was ready:\n${tailOf(file)}`);
    await sleep(50);
  }
  throw new Error(`${name} was not ready within ${timeoutMs} ms:\n${tailOf(file)}`);
}
