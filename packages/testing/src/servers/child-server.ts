import { type ChildProcess, spawn } from "node:child_process";
import type { ServerProcess, ServerSpec } from "./server-process";

/** Every server still running, killed when this process exits however it exits. */
const running = new Set<ChildProcess>();

process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/**
 * Runs `spec` as a child process of `binary` (the installed `spec.command`). Its output goes
 * nowhere unless `SHOW_SERVER_OUTPUT` is set: callers read the servers' state through their
 * protocols, not their logs.
 */
export function spawnChildServer(spec: ServerSpec, binary: string): ServerProcess {
  const child = spawn(binary, spec.args, {
    stdio: process.env.SHOW_SERVER_OUTPUT ? "inherit" : "ignore",
  });
  running.add(child);
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => {
      running.delete(child);
      resolve();
    });
  });
  // A binary that cannot start shows as a server that exited at once.
  child.once("error", () => running.delete(child));
  const alive = () => running.has(child) && child.exitCode === null && child.signalCode === null;
  const signal = async (sig: NodeJS.Signals, graceMs: number) => {
    if (!alive()) return;
    child.kill(sig);
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  };
  return {
    name: spec.name,
    runsIn: "process",
    alive,
    kill: () => signal("SIGKILL", 0),
    stop: () => signal("SIGTERM", 3000),
    async pause() {
      child.kill("SIGSTOP");
    },
    async resume() {
      child.kill("SIGCONT");
    },
    run: (command, args) => runToCompletion(command, args),
  };
}

function runToCompletion(command: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const tool = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    tool.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    tool.once("error", reject);
    tool.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited ${code}: ${stderr}`)),
    );
  });
}
