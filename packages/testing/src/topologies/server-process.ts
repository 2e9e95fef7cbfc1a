import { type ChildProcess, spawn } from "node:child_process";

/** A server binary started by a test (redis-server, redis-sentinel, pgbouncer). */
export interface ServerProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Whether the process is still running. */
  alive(): boolean;
  /** SIGKILL, as a crashed host would; resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL after 3 s; resolves once the process is gone. */
  stop(): Promise<void>;
}

/** Every server still running, killed when the test process exits however it exits. */
const running = new Set<ChildProcess>();

process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

/**
 * Spawns `command` with `args`. Its output goes nowhere unless `SHOW_SERVER_OUTPUT` is set: the
 * tests read the servers' state through their protocols, not their logs.
 */
export function spawnServer(name: string, command: string, args: readonly string[]): ServerProcess {
  const child = spawn(command, args, {
    stdio: process.env.SHOW_SERVER_OUTPUT ? "inherit" : "ignore",
  });
  running.add(child);
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => {
      running.delete(child);
      resolve();
    });
  });
  const alive = () => child.exitCode === null && child.signalCode === null;
  const signal = async (sig: NodeJS.Signals, graceMs: number) => {
    if (!alive()) return;
    child.kill(sig);
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  };
  return {
    name,
    child,
    alive,
    kill: () => signal("SIGKILL", 0),
    stop: () => signal("SIGTERM", 3000),
  };
}

/** Stops every server of `servers` (those still running), in parallel. */
export async function stopAll(servers: readonly ServerProcess[]): Promise<void> {
  await Promise.allSettled(servers.map((server) => server.stop()));
}
