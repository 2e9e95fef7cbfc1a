import type { Scenario } from "../context";
import { figureFrom, type RunMeasurement } from "../figures";
import { OutcomeWatcher } from "../harness/outcome-watcher";
import { resetSandbox, sandboxCounters } from "../harness/sandbox-control";
import { processBatch } from "../harness/worker-runs";

/**
 * Token fetches: `jobs` jobs across two worker processes started cold (fresh processes, a fresh
 * `QUEUE_PREFIX`, under which the workers keep their shared Redis token cache, and a reset
 * sandbox, so no token is cached anywhere), counting the sandbox's `POST /users/getToken`
 * calls. The guide's way fetches a token per job. Runs share one database: earlier runs'
 * outcomes are all published before the next starts, so the new relays find nothing to do.
 */
export const tokenFetchesScenario: Scenario = {
  id: "token-fetches",
  title: "token fetches",
  async run(ctx) {
    const { jobs, workers } = ctx.settings.tokenFetches;
    const runs: RunMeasurement[] = [];
    const { databaseUrl } = await ctx.deployment("tokens");
    for (let run = 1; run <= ctx.settings.runs; run++) {
      await resetSandbox(ctx.sandboxUrl);
      const d = await ctx.deployment(`tokens-${run}`, { databaseUrl });
      const processes = await Promise.all(
        Array.from({ length: workers }, (_, i) =>
          ctx.launcher.startWorker(d, {
            concurrency: ctx.settings.workerConcurrency,
            name: `worker-${i + 1}`,
          }),
        ),
      );
      const watcher = await OutcomeWatcher.start(d.redisUrl, d.outcomeStream);
      try {
        const before = await sandboxCounters(ctx.sandboxUrl);
        await processBatch(ctx, d, watcher, jobs);
        const after = await sandboxCounters(ctx.sandboxUrl);
        const calls = after.getTokenCalls - before.getTokenCalls;
        ctx.progress(
          `token fetches run ${run}: ${calls} getToken calls for ${jobs} jobs on ${workers} workers`,
        );
        runs.push({
          value: calls,
          baseline: jobs,
          details: { certificationCalls: after.certificationCalls - before.certificationCalls },
        });
      } finally {
        await watcher.stop();
        await Promise.all(processes.map((p) => p.stop()));
      }
    }
    return [
      figureFrom(
        {
          id: "token-fetches",
          name: `token fetches per ${jobs.toLocaleString("en")} jobs (2 workers)`,
          unit: "calls",
          baselineName: "the guide's way: one per job",
          target: { on: "value", op: "<=", threshold: 2 },
          note:
            jobs === 10_000
              ? undefined
              : `${jobs} jobs instead of 10,000 (quick); the count is not extrapolated, since a token serves any number of jobs within its 30-minute life`,
        },
        runs,
      ),
    ];
  },
};
