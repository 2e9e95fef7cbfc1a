import type { Scenario } from "../context";
import { figureFrom, type RunMeasurement } from "../figures";
import { OutcomeWatcher } from "../harness/outcome-watcher";
import { setSandboxLatency } from "../harness/sandbox-control";
import { processBatch } from "../harness/worker-runs";

/**
 * Scale-out: provider latency 200 ms, concurrency fixed per process; jobs/s (first add to last
 * outcome read) with two worker processes over the same with one, in each run.
 */
export const scaleOutScenario: Scenario = {
  id: "scale-out",
  title: "scale-out",
  async run(ctx) {
    const { providerLatencyMs, concurrencyPerWorker: concurrency, jobs } = ctx.settings.scaleOut;
    await setSandboxLatency(ctx.sandboxUrl, providerLatencyMs);
    const d = await ctx.deployment("scale-out");
    const watcher = await OutcomeWatcher.start(d.redisUrl, d.outcomeStream);
    const measure = async (workers: number) => {
      const processes = await Promise.all(
        Array.from({ length: workers }, (_, i) =>
          ctx.launcher.startWorker(d, { concurrency, name: `worker-${i + 1}-of-${workers}` }),
        ),
      );
      try {
        const outcome = await processBatch(ctx, d, watcher, jobs);
        return (jobs / outcome.elapsedMs) * 1000;
      } finally {
        await Promise.all(processes.map((p) => p.stop()));
      }
    };
    try {
      const runs: RunMeasurement[] = [];
      for (let run = 1; run <= ctx.settings.runs; run++) {
        const one = await measure(1);
        const two = await measure(2);
        ctx.progress(
          `scale-out run ${run}: 2 workers ${two.toFixed(0)} jobs/s, 1 worker ${one.toFixed(0)} jobs/s`,
        );
        runs.push({ value: two, baseline: one });
      }
      return [
        figureFrom(
          {
            id: "scale-out",
            name: "scale-out (2 workers / 1)",
            unit: "jobs/s",
            baselineName: "1 worker process, jobs/s",
            target: { on: "ratio", op: ">=", threshold: 1.8 },
            note: `${concurrency} jobs in flight per worker process, provider latency ${providerLatencyMs} ms`,
          },
          runs,
        ),
      ];
    } finally {
      await watcher.stop();
      await setSandboxLatency(ctx.sandboxUrl, 0);
    }
  },
};
