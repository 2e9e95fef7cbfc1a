import type { Scenario } from "../context";
import { figureFrom, type RunMeasurement } from "../figures";
import type { Deployment } from "../harness/launcher";
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
    // Two deployments side by side, started once: one worker on the first, two on the second.
    // Each has its own database, so every relay publishes only its own deployment's outcomes.
    const one = await ctx.deployment("scale-out-1");
    const two = await ctx.deployment("scale-out-2");
    const start = (d: Deployment, name: string) =>
      ctx.launcher.startWorker(d, { concurrency, name });
    const processes = await Promise.all([
      start(one, "worker-1-of-1"),
      start(two, "worker-1-of-2"),
      start(two, "worker-2-of-2"),
    ]);
    const watchers = await Promise.all(
      [one, two].map((d) => OutcomeWatcher.start(d.redisUrl, d.outcomeStream)),
    );
    const measure = async (d: Deployment, watcher: OutcomeWatcher) => {
      const outcome = await processBatch(ctx, d, watcher, jobs);
      return (jobs / outcome.elapsedMs) * 1000;
    };
    try {
      const [watchOne, watchTwo] = watchers as [OutcomeWatcher, OutcomeWatcher];
      // Warm-up: JIT, pools, the token.
      await Promise.all([
        processBatch(ctx, one, watchOne, concurrency),
        processBatch(ctx, two, watchTwo, concurrency),
      ]);
      const runs: RunMeasurement[] = [];
      for (let run = 1; run <= ctx.settings.runs; run++) {
        const single = await measure(one, watchOne);
        const double = await measure(two, watchTwo);
        ctx.progress(
          `scale-out run ${run}: 2 workers ${double.toFixed(0)} jobs/s, 1 worker ${single.toFixed(0)} jobs/s`,
        );
        runs.push({ value: double, baseline: single });
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
      await Promise.all(watchers.map((w) => w.stop()));
      await Promise.all(processes.map((p) => p.stop()));
      await setSandboxLatency(ctx.sandboxUrl, 0);
    }
  },
};
