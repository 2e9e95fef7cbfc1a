import { parseArgs } from "node:util";
import { DemoUsageError } from "./errors";
import { DEMO_PROVIDERS, type DemoProvider } from "./verification";

/** `--provider`: i'mport V1 only, PortOne V2 only, or both side by side. */
export type ProviderChoice = "v1" | "v2" | "both";

export interface DemoArgs {
  /** Unique verifications to send. Default 1000. */
  readonly count: number;
  /** Exit after the summary instead of running until Ctrl-C. Default false. */
  readonly once: boolean;
  /** Which providers the batch goes through. Default both. */
  readonly provider: ProviderChoice;
}

/** The most a single demo run sends; beyond this use the benchmark. */
export const MAX_COUNT = 1_000_000;

export const USAGE = "usage: npm run demo -- [--count N] [--provider v1|v2|both] [--once]";

const CHOICES: Readonly<Record<ProviderChoice, readonly DemoProvider[]>> = {
  v1: ["iamport"],
  v2: ["portone"],
  both: DEMO_PROVIDERS,
};

/** The providers a `--provider` choice sends verifications through. */
export function providersOf(choice: ProviderChoice): readonly DemoProvider[] {
  return CHOICES[choice];
}

/** Parses `--count N`, `--provider v1|v2|both` and `--once` (everything after `node main.js`). */
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
  const provider = parsed.values.provider ?? "both";
  if (!Object.hasOwn(CHOICES, provider)) {
    throw new DemoUsageError(`--provider must be v1, v2 or both\n${USAGE}`);
  }
  return { count, once: parsed.values.once ?? false, provider: provider as ProviderChoice };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: {
      count: { type: "string" },
      once: { type: "boolean" },
      provider: { type: "string" },
    },
    strict: true,
    allowPositionals: false,
  });
}
