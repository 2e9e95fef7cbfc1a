import { performance } from "node:perf_hooks";
import type { Scenario, ScenarioContext } from "../context";
import { figureFrom, type RunMeasurement } from "../figures";
import { postCertifications } from "../harness/autocannon-run";
import { DirectProducer } from "../harness/enqueue";
import { ImpUidBatch } from "../harness/imp-uids";
import type { Deployment } from "../harness/launcher";
import { OutcomeWatcher } from "../harness/outcome-watcher";
import { cpuTimeMs } from "../harness/process-stats";
import { setSandboxLatency } from "../harness/sandbox-control";

/** Bare BullMQ: addBulk of `jobs` jobs, a no-op Worker of the same concurrency, until all completed. */
async function noopRun(ctx: ScenarioContext, d: Deployment, jobs: number) {
  const worker = await ctx.launcher.startNoopWorker(d, {
    concurrency: ctx.settings.workerConcurrency,
  });
  const producer = new DirectProducer(d.redisUrl, d.queuePrefix);
  try {
    const drained = worker.waitForMessage(
      (m): m is { type: "drained" } => (m as { type?: string }).type === "drained",
      ctx.settings.outcomeTimeoutMs,
    );
    worker.send({ type: "expect", count: jobs });
    const cpuBefore = cpuTimeMs(worker.pid);
    const startedAt = performance.now();
    await producer.addAll(new ImpUidBatch().take(jobs));
    await drained;
    const elapsedMs = performance.now() - startedAt;
    return {
      rate: (jobs / elapsedMs) * 1000,
      cpuMsPerJob: (cpuTimeMs(worker.pid) - cpuBefore) / jobs,
    };
  } finally {
    await producer.close();
    await worker.stop();
  }
}

/**
 * Pipeline throughput: `jobs` fresh imp_uids POSTed by autocannon (50 connections) to one API
 * process, one worker process (production concurrency), sandbox at zero latency; imp_uids/s
 * from the first POST to the last outcome read from the stream. Baseline in the same run: a
 * no-op BullMQ worker draining the same number of jobs added with addBulk.
 */
export const pipelineScenario: Scenario = {
  id: "pipeline",
  title: "pipeline throughput",
  async run(ctx) {
    const { jobs, connections, warmupJobs } = ctx.settings.pipeline;
    await setSandboxLatency(ctx.sandboxUrl, 0);
    const d = await ctx.deployment("pipeline");
    const noopDeployment = await ctx.deployment("pipeline-noop", { withDatabase: false });
    // One file per thread (Node names them by pid and thread id); the driver picks the busiest.
    const nodeArgs = ctx.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${ctx.profileDir}`] : [];
    const api = await ctx.launcher.startApi(d);
    const worker = await ctx.launcher.startWorker(d, {
      concurrency: ctx.settings.workerConcurrency,
      nodeArgs,
    });
    const watcher = await OutcomeWatcher.start(d.redisUrl, d.outcomeStream);
    const post = async (count: number) => {
      const batch = new ImpUidBatch();
      const tracker = watcher.track(batch);
      const cpuBefore = cpuTimeMs(worker.pid);
      const startedAt = performance.now();
      const load = await postCertifications({
        url: api.url,
        connections,
        amount: count,
        body: () => `{"imp_uid":"${batch.next()}"}`,
      });
      await tracker.done(load.ok, ctx.settings.outcomeTimeoutMs);
      tracker.close();
      let last = startedAt;
      for (const at of tracker.seenAt.values()) last = Math.max(last, at);
      const elapsedMs = last - startedAt;
      return {
        rate: (load.ok / elapsedMs) * 1000,
        cpuMsPerJob: (cpuTimeMs(worker.pid) - cpuBefore) / load.ok,
        ok: load.ok,
        rejected: load.non2xx + load.errors,
      };
    };
    try {
      await post(warmupJobs);
      const runs: RunMeasurement[] = [];
      const cpu: RunMeasurement[] = [];
      for (let run = 1; run <= ctx.settings.runs; run++) {
        const base = await noopRun(ctx, noopDeployment, jobs);
        const real = await post(jobs);
        ctx.progress(
          `pipeline run ${run}: ${real.rate.toFixed(0)} imp_uids/s (worker ${real.cpuMsPerJob.toFixed(2)} ms CPU/job), bare BullMQ ${base.rate.toFixed(0)} jobs/s (${base.cpuMsPerJob.toFixed(2)} ms CPU/job)`,
        );
        runs.push({ value: real.rate, baseline: base.rate, details: { real, base } });
        cpu.push({ value: real.cpuMsPerJob, baseline: base.cpuMsPerJob });
      }
      const throughput = figureFrom(
        {
          id: "pipeline-throughput",
          name: "pipeline throughput",
          unit: "imp_uids/s",
          baselineName: "bare BullMQ no-op worker, jobs/s",
          target: { on: "ratio", op: ">=", threshold: 0.15 },
        },
        runs,
      );
      ctx.shared.pipelineRate = throughput.value;
      return [
        throughput,
        figureFrom(
          {
            id: "worker-cpu-per-job",
            name: "worker CPU per job (informational)",
            unit: "ms",
            baselineName: "no-op BullMQ worker CPU per job, ms",
            note: "user+system CPU of the worker process over the run divided by jobs; no target in the issue",
          },
          cpu,
        ),
      ];
    } finally {
      await watcher.stop();
      await Promise.all([api.process.stop(), worker.stop()]);
    }
  },
};
