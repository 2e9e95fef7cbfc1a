import { parseArgs } from "node:util";
import { DemoUsageError } from "./errors";

export interface DemoArgs {
  /** Unique imp_uids to send. Default 1000. */
  readonly count: number;
  /** Exit after the summary instead of running until Ctrl-C. Default false. */
  readonly once: boolean;
}

/** The most a single demo run sends; beyond this use the benchmark. */
export const MAX_COUNT = 1_000_000;

export const USAGE = "usage: npm run demo -- [--count N] [--once]";

/** Parses `--count N` and `--once` (everything after `node main.js`). */
export function parseDemoArgs(argv: readonly string[]): DemoArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new DemoUsageError(
      `${error instanceof Error ? error.message : "bad arguments"}\n${USAGE}`,
    );
  }
  const raw = parsed.values.count ?? "1000";
  const count = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_COUNT) {
    throw new DemoUsageError(`--count must be an integer between 1 and ${MAX_COUNT}\n${USAGE}`);
  }
  return { count, once: parsed.values.once ?? false };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: { count: { type: "string" }, once: { type: "boolean" } },
    strict: true,
    allowPositionals: false,
  });
}
