import { type ChildProcessByStdio, spawn } from "node:child_process";
import { once } from "node:events";
import { resolve } from "node:path";
import type { Readable, Writable } from "node:stream";
import type { TokenManagerStats } from "../../src";

const repoRoot = resolve(import.meta.dirname, "../../../..");
const script = resolve(import.meta.dirname, "../fixtures/fetch-in-child.ts");

export interface ChildResult {
  readonly impUid: string;
  readonly stats: TokenManagerStats;
}

/** A `fetch-in-child.ts` process, started and connected, waiting for {@link ChildFetcher.go}. */
export interface ChildFetcher {
  go(): void;
  result(): Promise<ChildResult>;
}

/** Spawns `node --import tsx fetch-in-child.ts` and resolves once it is ready. */
export async function spawnChildFetcher(env: {
  SANDBOX_URL: string;
  REDIS_URL: string;
  KEY_PREFIX: string;
  IMP_UID: string;
}): Promise<ChildFetcher> {
  const child: ChildProcessByStdio<Writable, Readable, null> = spawn(
    process.execPath,
    ["--import", "tsx", script],
    { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "inherit"] },
  );
  const lines: string[] = [];
  let buffered = "";
  let onLine: (() => void) | null = null;
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split("\n");
    buffered = parts.pop() ?? "";
    lines.push(...parts);
    onLine?.();
  });
  const exited = once(child, "exit") as Promise<[number | null]>;
  const nextLine = async (): Promise<string> => {
    while (lines.length === 0) {
      const more = new Promise<void>((done) => {
        onLine = done;
      });
      const ended = exited.then(([code]) => {
        throw new Error(`child exited with ${code} before answering`);
      });
      await Promise.race([more, ended]);
    }
    return lines.shift() ?? "";
  };
  if ((await nextLine()) !== "ready") throw new Error("child did not get ready");
  return {
    go: () => child.stdin.write("go\n"),
    async result() {
      const line = await nextLine();
      const [code] = await exited;
      if (code !== 0) throw new Error(`child exited with ${code}`);
      return JSON.parse(line) as ChildResult;
    },
  };
}
