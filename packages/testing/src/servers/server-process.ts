import { containerRuntimeAnswers } from "../container-runtime";
import { spawnChildServer } from "./child-server";
import { findServerBinary } from "./find-binary";
import { imageFor } from "./server-images";

/**
 * A server binary started by a test or the demo (redis-server, pgbouncer): a child process
 * when the binary is installed, else the same command line in a container on the host's
 * network. Callers see the same addresses and the same behaviour either way.
 */
export interface ServerProcess {
  readonly name: string;
  /** Where it runs, for logs. */
  readonly runsIn: "process" | "container";
  /** Whether the server is still running. */
  alive(): boolean;
  /** SIGKILL, as a crashed host would; resolves once the server is gone. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL after 3 s; resolves once the server is gone. Safe to call twice. */
  stop(): Promise<void>;
  /** Freezes the server (it keeps its connections but answers nothing) until `resume()`. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Runs a tool that ships with the server (redis-cli) to completion, where the server runs. */
  run(command: string, args: readonly string[]): Promise<void>;
}

export interface ServerSpec {
  /** For error messages and logs, e.g. `redis-6380`. */
  readonly name: string;
  /** The binary: `redis-server` or `pgbouncer`. */
  readonly command: string;
  readonly args: readonly string[];
  /** Host paths the server reads or writes (its directory, its config file). */
  readonly paths: readonly string[];
}

/** The Debian package that provides each binary, for the message when none is found. */
const PACKAGES: Record<string, string> = { "redis-server": "redis-server", pgbouncer: "pgbouncer" };

/**
 * Where `command` would run: installed (see findServerBinary) comes first, else a container
 * when a container runtime answers; undefined when neither.
 */
export async function whereServerRuns(
  command: string,
): Promise<ServerProcess["runsIn"] | undefined> {
  if (findServerBinary(command)) return "process";
  if (await containerRuntimeAnswers()) return "container";
  return undefined;
}

/**
 * Starts `spec` as a child process when its binary is installed, else in a container when a
 * container runtime answers. Fails naming what to install when neither is there.
 */
export async function startServer(spec: ServerSpec): Promise<ServerProcess> {
  const binary = findServerBinary(spec.command);
  if (binary) return spawnChildServer(spec, binary);
  if (await containerRuntimeAnswers()) {
    // Loaded only when used: testcontainers is heavy and most runs never need it.
    const { startContainerServer } = await import("./container-server");
    return startContainerServer(spec, imageFor(spec.command));
  }
  const pkg = PACKAGES[spec.command] ?? spec.command;
  throw new Error(
    `${spec.command} is not installed and no Docker engine answers: install it (sudo apt-get install ${pkg}) or start Docker`,
  );
}

/** Stops every server of `servers` (those still running), in parallel. */
export async function stopAll(servers: readonly ServerProcess[]): Promise<void> {
  await Promise.allSettled(servers.map((server) => server.stop()));
}
