import type { Scenario, ScenarioContext } from "../context";
import { figureFrom, type RunMeasurement } from "../figures";
import { postCertifications } from "../harness/autocannon-run";
import { ImpUidBatch } from "../harness/imp-uids";
import type { HttpProcess } from "../harness/launcher";
import { OutcomeWatcher } from "../harness/outcome-watcher";
import { runPacedLoad } from "../harness/paced-load";
import { setSandboxLatency } from "../harness/sandbox-control";
import { type LatencySummary, summarizeLatencies } from "../stats";

/**
 * Warms a pipeline up the way traffic would after a quiet spell: a burst (JIT, every pool
 * connection, Postgres backends and their prepared statements), all its outcomes awaited.
 */
async function burst(
  ctx: ScenarioContext,
  target: HttpProcess,
  watcher: OutcomeWatcher,
  count: number,
) {
  const batch = new ImpUidBatch();
  const tracker = watcher.track(batch);
  const load = await postCertifications({
    url: target.url,
    connections: 50,
    amount: count,
    body: () => `{"imp_uid":"${batch.next()}"}`,
  });
  await tracker.done(load.ok, ctx.settings.outcomeTimeoutMs);
  tracker.close();
}

/** POSTs at `rate` for `seconds` and returns, per imp_uid, POST-sent to entry-read in ms. */
async function endToEnd(
  ctx: ScenarioContext,
  target: HttpProcess,
  watcher: OutcomeWatcher,
  rate: number,
  seconds: number,
): Promise<LatencySummary> {
  const batch = new ImpUidBatch();
  const tracker = watcher.track(batch);
  const sentAt = new Map<string, number>();
  const result = await runPacedLoad({
    url: target.url,
    ratePerSecond: rate,
    durationSeconds: seconds,
    nextImpUid: () => batch.next(),
    onSent: (impUid, at) => sentAt.set(impUid, at),
  });
  await tracker.done(result.ok, ctx.settings.outcomeTimeoutMs);
  tracker.close();
  const latencies: number[] = [];
  for (const [impUid, seen] of tracker.seenAt) {
    const sent = sentAt.get(impUid);
    if (sent !== undefined) latencies.push(seen - sent);
  }
  return summarizeLatencies(latencies);
}

/**
 * Intake-to-outcome latency at half the measured maximum rate (the pipeline scenario's median):
 * each imp_uid's time from the POST being sent to its entry being read from the stream with
 * XREAD BLOCK. Baseline in the same run: the least a pipeline can do, a bare express
 * `queue.add` app and a no-op BullMQ worker that XADDs one entry per job, at the same rate.
 */
export const intakeLatencyScenario: Scenario = {
  id: "intake-latency",
  title: "intake-to-outcome latency",
  async run(ctx) {
    const { shareOfMaxRate, durationSeconds, warmupSeconds, fallbackRate } =
      ctx.settings.intakeLatency;
    const maxRate = ctx.shared.pipelineRate;
    const rate = Math.max(
      1,
      Math.round(maxRate === undefined ? fallbackRate : maxRate * shareOfMaxRate),
    );
    await setSandboxLatency(ctx.sandboxUrl, 0);
    const d = await ctx.deployment("latency");
    const bareD = await ctx.deployment("latency-bare", { withDatabase: false });
    const concurrency = ctx.settings.workerConcurrency;
    const [api, worker, bare, noop] = await Promise.all([
      ctx.launcher.startApi(d),
      ctx.launcher.startWorker(d, { concurrency }),
      ctx.launcher.startHttpBaseline("bare-queue-app", bareD),
      ctx.launcher.startNoopWorker(bareD, { concurrency, publishStream: bareD.outcomeStream }),
    ]);
    const watcher = await OutcomeWatcher.start(d.redisUrl, d.outcomeStream);
    const bareWatcher = await OutcomeWatcher.start(bareD.redisUrl, bareD.outcomeStream);
    try {
      for (const [target, w] of [
        [bare, bareWatcher],
        [api, watcher],
      ] as const) {
        await burst(ctx, target, w, ctx.settings.pipeline.warmupJobs);
        await endToEnd(ctx, target, w, rate, warmupSeconds);
      }
      const p99: RunMeasurement[] = [];
      const p50: RunMeasurement[] = [];
      for (let run = 1; run <= ctx.settings.runs; run++) {
        const base = await endToEnd(ctx, bare, bareWatcher, rate, durationSeconds);
        const real = await endToEnd(ctx, api, watcher, rate, durationSeconds);
        ctx.progress(
          `latency run ${run} at ${rate}/s: p50 ${real.p50.toFixed(1)} ms, p99 ${real.p99.toFixed(1)} ms (bare pipeline p50 ${base.p50.toFixed(1)}, p99 ${base.p99.toFixed(1)})`,
        );
        p99.push({ value: real.p99, baseline: base.p99, details: { real, base } });
        p50.push({ value: real.p50, baseline: base.p50 });
      }
      const note = `at ${rate} imp_uids/s (${maxRate === undefined ? "fallback rate: the pipeline scenario did not run" : `half the pipeline's ${maxRate.toFixed(0)}/s`})`;
      const baselineName = "bare pipeline (queue.add app + no-op worker XADD), ms";
      return [
        figureFrom(
          {
            id: "intake-to-outcome-p50",
            name: "intake-to-outcome p50",
            unit: "ms",
            baselineName,
            note,
          },
          p50,
        ),
        figureFrom(
          {
            id: "intake-to-outcome-p99",
            name: "intake-to-outcome p99",
            unit: "ms",
            baselineName,
            target: { on: "value", op: "<=", threshold: 100 },
            note,
          },
          p99,
        ),
      ];
    } finally {
      await Promise.all([watcher.stop(), bareWatcher.stop()]);
      await Promise.all([api.process.stop(), worker.stop(), bare.process.stop(), noop.stop()]);
    }
  },
};
