import type { Scenario } from "../context";
import { figureFrom, type RunMeasurement } from "../figures";
import { ImpUidBatch } from "../harness/imp-uids";
import { OutcomeWatcher } from "../harness/outcome-watcher";
import { runPacedLoad } from "../harness/paced-load";
import { setSandboxLatency } from "../harness/sandbox-control";
import { summarizeLatencies } from "../stats";

/**
 * Versus the naive handler: at a fixed 200 requests/s (open loop), the intake's p99 latency
 * with the whole system running (API, worker, provider latency 200 ms) over the p99 of the
 * handler the provider's guide shows (getToken + getCertification + INSERT inside the request)
 * against the same sandbox. Each run waits for the intake's outcomes before the next, so the
 * worker's backlog never overlaps the naive handler's turn. Each handler's turn starts after the
 * other's, on new connections: its first `settleSeconds` of load are sent but not measured, so
 * the p99 is the one at 200 requests/s rather than that of waking up.
 */
export const versusNaiveScenario: Scenario = {
  id: "versus-naive",
  title: "versus the naive handler",
  async run(ctx) {
    const { ratePerSecond, durationSeconds, providerLatencyMs, warmupSeconds, settleSeconds } =
      ctx.settings.versusNaive;
    await setSandboxLatency(ctx.sandboxUrl, providerLatencyMs);
    const d = await ctx.deployment("versus-naive");
    const [api, worker, naive] = await Promise.all([
      ctx.launcher.startApi(d),
      ctx.launcher.startWorker(d, { concurrency: ctx.settings.workerConcurrency }),
      ctx.launcher.startHttpBaseline("naive-app", d),
    ]);
    const watcher = await OutcomeWatcher.start(d.redisUrl, d.outcomeStream);
    const load = async (url: string, seconds: number, settle = 0) => {
      const batch = new ImpUidBatch();
      const tracker = watcher.track(batch);
      const result = await runPacedLoad({
        url,
        ratePerSecond,
        durationSeconds: seconds,
        settleSeconds: settle,
        nextImpUid: () => batch.next(),
      });
      if (url === api.url) {
        await tracker.done(result.ok + result.settleOk, ctx.settings.outcomeTimeoutMs);
      }
      tracker.close();
      return { ...summarizeLatencies(result.latenciesMs), ok: result.ok, failed: result.failed };
    };
    try {
      await load(naive.url, warmupSeconds);
      await load(api.url, warmupSeconds);
      const runs: RunMeasurement[] = [];
      for (let run = 1; run <= ctx.settings.runs; run++) {
        const guide = await load(naive.url, durationSeconds, settleSeconds);
        const intake = await load(api.url, durationSeconds, settleSeconds);
        ctx.progress(
          `versus naive run ${run}: intake p99 ${intake.p99.toFixed(1)} ms, naive handler p99 ${guide.p99.toFixed(1)} ms`,
        );
        runs.push({ value: intake.p99, baseline: guide.p99, details: { intake, naive: guide } });
      }
      return [
        figureFrom(
          {
            id: "versus-naive",
            name: `intake p99 at ${ratePerSecond} req/s`,
            unit: "ms",
            baselineName: `naive handler p99 (provider ${providerLatencyMs} ms), ms`,
            target: { on: "ratio", op: "<=", threshold: 0.02 },
          },
          runs,
        ),
      ];
    } finally {
      await watcher.stop();
      await Promise.all([api.process.stop(), worker.stop(), naive.process.stop()]);
      await setSandboxLatency(ctx.sandboxUrl, 0);
    }
  },
};
