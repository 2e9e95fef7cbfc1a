/** Command-line options of `npm run bench -- [options]`. */
export interface CliOptions {
  /** `--quick`: shorter durations and job counts, still 3 runs of each scenario. */
  quick: boolean;
  /** `--only=a,b`: run only these scenario ids (default: all). */
  only: string[] | undefined;
  /** `--runs=N`: runs per scenario (default 3; fewer is refused, medians need 3). */
  runs: number | undefined;
  /** `--profile`: run the pipeline scenario with the worker under `--cpu-prof` and summarize. */
  profile: boolean;
  /** `--from-source`: run the API and worker from TypeScript via tsx (development only). */
  fromSource: boolean;
}

export const USAGE = `usage: npm run bench -- [--quick] [--only=id,id] [--runs=N] [--profile]
  --quick     shorter durations and job counts (still 3 runs per scenario)
  --only      scenario ids: intake, pipeline, pipeline-v2, pipeline-tracing, latency-bound,
              versus-naive, token-fetches, intake-latency, scale-out, memory
  --runs      runs per scenario, at least 3 (default 3)
  --profile   run the pipeline scenario with the worker under --cpu-prof, print where its CPU goes
  --from-source  run the API and worker from TypeScript through tsx instead of dist/ (development)`;

export function parseCliOptions(argv: readonly string[]): CliOptions {
  const options: CliOptions = {
    quick: false,
    only: undefined,
    runs: undefined,
    profile: false,
    fromSource: false,
  };
  for (const arg of argv) {
    const [name, value] = arg.split("=", 2);
    if (name === "--quick") options.quick = true;
    else if (name === "--profile") options.profile = true;
    else if (name === "--from-source") options.fromSource = true;
    else if (name === "--only" && value) options.only = value.split(",").map((s) => s.trim());
    else if (name === "--runs" && value && Number.isInteger(Number(value)) && Number(value) >= 3) {
      options.runs = Number(value);
    } else {
      throw new Error(`unknown or invalid option ${arg}\n${USAGE}`);
    }
  }
  return options;
}
