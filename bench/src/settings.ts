import { variables } from "@cert/config";

/** The worker's own `OUTCOME_STREAM_MAXLEN` default, read from the config's single definition. */
const DEFAULT_OUTCOME_STREAM_MAXLEN = variables.OUTCOME_STREAM_MAXLEN.parse(undefined);

/**
 * Every knob of a bench run, written into `latest.json` so a figure can always be read with
 * the conditions it was measured under. `--quick` keeps 3 runs of every scenario and shortens
 * durations and job counts; where that changes what a figure means, its note says so.
 */
export interface BenchSettings {
  mode: "full" | "quick";
  /** Runs of each scenario; figures are medians over them. */
  runs: number;
  /** `LOG_LEVEL` of the API and worker: the production default, so logging cost is counted. */
  logLevel: string;
  /**
   * `RATE_LIMIT_PER_MINUTE` of the API. autocannon is one client; production limits are per
   * client, so the bench raises it beyond what it sends (the limiter still runs on every request).
   */
  rateLimitPerMinute: number;
  /** `WORKER_CONCURRENCY` where the issue does not fix one (the production default). */
  workerConcurrency: number;
  /** Longest wait for a batch's outcomes before a run is declared failed, ms. */
  outcomeTimeoutMs: number;
  intake: { connections: number; durationSeconds: number; warmupSeconds: number };
  pipeline: { jobs: number; connections: number; warmupJobs: number };
  latencyBound: {
    providerLatencyMs: number;
    concurrency: number;
    jobs: number;
    /** Unmeasured jobs first, so JIT, pools, sockets and prepared statements are warm. */
    warmupJobs: number;
  };
  versusNaive: {
    ratePerSecond: number;
    durationSeconds: number;
    providerLatencyMs: number;
    /** Unmeasured load on each handler first, so JIT, pools and the worker are warm. */
    warmupSeconds: number;
    /** Unmeasured start of each run at the same rate (new connections, idle processes waking). */
    settleSeconds: number;
  };
  tokenFetches: { jobs: number; workers: number };
  intakeLatency: {
    shareOfMaxRate: number;
    durationSeconds: number;
    /** Unmeasured load first, on each target, so JIT and pools are warm. */
    warmupSeconds: number;
    /** Rate used when the pipeline scenario did not run (`--only`). */
    fallbackRate: number;
  };
  scaleOut: { providerLatencyMs: number; concurrencyPerWorker: number; jobs: number };
  memory: {
    /** Jobs of the long run (the issue: 100,000). */
    jobs: number;
    /** Where the first sample is taken (the issue: 10,000). */
    firstSampleAt: number;
    /**
     * `COMPLETED_RETENTION_COUNT` of the producer and worker when scaled with `jobs` (quick);
     * null: no override, the default retention (10,000 completed jobs or 1 h, the row).
     */
    completedRetentionCount: number | null;
    /**
     * `OUTCOME_STREAM_MAXLEN` of the worker, always passed explicitly: the default (100,000) in
     * full mode, scaled with `jobs` under `--quick` so the short run still shows the cap trimming.
     */
    outcomeStreamMaxLen: number;
    /** Runs of this scenario (it is the long one; see the README for why it may be fewer). */
    runs: number;
  };
}

export function benchSettings(quick: boolean): BenchSettings {
  const common = {
    runs: 3,
    logLevel: "info",
    rateLimitPerMinute: 1_000_000,
    workerConcurrency: 50,
    outcomeTimeoutMs: 180_000,
  };
  if (quick) {
    return {
      ...common,
      mode: "quick",
      intake: { connections: 50, durationSeconds: 1, warmupSeconds: 1 },
      pipeline: { jobs: 600, connections: 50, warmupJobs: 200 },
      latencyBound: { providerLatencyMs: 200, concurrency: 100, jobs: 1500, warmupJobs: 500 },
      versusNaive: {
        ratePerSecond: 200,
        durationSeconds: 1.5,
        providerLatencyMs: 200,
        warmupSeconds: 1,
        settleSeconds: 0.5,
      },
      tokenFetches: { jobs: 600, workers: 2 },
      intakeLatency: {
        shareOfMaxRate: 0.5,
        durationSeconds: 1.5,
        warmupSeconds: 1,
        fallbackRate: 100,
      },
      scaleOut: { providerLatencyMs: 200, concurrencyPerWorker: 50, jobs: 1000 },
      memory: {
        jobs: 3000,
        firstSampleAt: 300,
        completedRetentionCount: 300,
        outcomeStreamMaxLen: 300,
        runs: 3,
      },
    };
  }
  return {
    ...common,
    mode: "full",
    intake: { connections: 50, durationSeconds: 5, warmupSeconds: 2 },
    pipeline: { jobs: 5000, connections: 50, warmupJobs: 500 },
    latencyBound: { providerLatencyMs: 200, concurrency: 100, jobs: 3000, warmupJobs: 1000 },
    versusNaive: {
      ratePerSecond: 200,
      durationSeconds: 10,
      providerLatencyMs: 200,
      warmupSeconds: 3,
      settleSeconds: 1,
    },
    tokenFetches: { jobs: 10_000, workers: 2 },
    intakeLatency: { shareOfMaxRate: 0.5, durationSeconds: 5, warmupSeconds: 2, fallbackRate: 100 },
    scaleOut: { providerLatencyMs: 200, concurrencyPerWorker: 50, jobs: 2000 },
    memory: {
      jobs: 100_000,
      firstSampleAt: 10_000,
      completedRetentionCount: null,
      outcomeStreamMaxLen: DEFAULT_OUTCOME_STREAM_MAXLEN,
      runs: 3,
    },
  };
}
