import type { Scenario } from "../context";
import { figureFrom, type RunMeasurement } from "../figures";
import { OutcomeWatcher } from "../harness/outcome-watcher";
import { setSandboxLatency } from "../harness/sandbox-control";
import { processBatch } from "../harness/worker-runs";

/**
 * Latency-bound throughput: provider latency 200 ms, one worker at WORKER_CONCURRENCY=100, jobs
 * added straight to the queue; jobs over the time from the first add to the last outcome read
 * from the stream, against the ideal concurrency / latency = 500 jobs/s. (A window between
 * percentiles of arrival times would be biased: jobs finish in waves of `concurrency`.)
 */
export const latencyBoundScenario: Scenario = {
  id: "latency-bound",
  title: "latency-bound throughput",
  async run(ctx) {
    const { providerLatencyMs, concurrency, jobs, warmupJobs } = ctx.settings.latencyBound;
    const ideal = concurrency / (providerLatencyMs / 1000);
    await setSandboxLatency(ctx.sandboxUrl, providerLatencyMs);
    const d = await ctx.deployment("latency-bound");
    const worker = await ctx.launcher.startWorker(d, { concurrency });
    const watcher = await OutcomeWatcher.start(d.redisUrl, d.outcomeStream);
    try {
      await processBatch(ctx, d, watcher, warmupJobs);
      const runs: RunMeasurement[] = [];
      for (let run = 1; run <= ctx.settings.runs; run++) {
        const outcome = await processBatch(ctx, d, watcher, jobs);
        const rate = (jobs / outcome.elapsedMs) * 1000;
        ctx.progress(`latency-bound run ${run}: ${rate.toFixed(0)} jobs/s (ideal ${ideal})`);
        runs.push({ value: rate, baseline: ideal, details: { elapsedMs: outcome.elapsedMs } });
      }
      return [
        figureFrom(
          {
            id: "latency-bound-throughput",
            name: "latency-bound throughput",
            unit: "jobs/s",
            baselineName: `ideal ${concurrency} / ${providerLatencyMs / 1000} s, jobs/s`,
            target: { on: "ratio", op: ">=", threshold: 0.9 },
          },
          runs,
        ),
      ];
    } finally {
      await watcher.stop();
      await worker.stop();
      await setSandboxLatency(ctx.sandboxUrl, 0);
    }
  },
};
