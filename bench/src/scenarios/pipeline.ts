import type { Scenario } from "../context";
import { figureFrom, type RunMeasurement } from "../figures";
import { totalOf } from "../harness/cpu-budget";
import { drainWithNoopWorker } from "../harness/noop-run";
import { startPipelineRig } from "../harness/pipeline-rig";
import { setSandboxLatency } from "../harness/sandbox-control";

/**
 * Pipeline throughput: `jobs` fresh imp_uids POSTed by autocannon (50 connections) to one API
 * process, one worker process (production concurrency), sandbox at zero latency; imp_uids/s
 * from the first POST to the last outcome read from the stream. Baseline in the same run: a
 * no-op BullMQ worker draining the same number of jobs added with addBulk. Alongside, what a
 * job costs: worker CPU, Redis commands and Postgres transactions per imp_uid.
 */
export const pipelineScenario: Scenario = {
  id: "pipeline",
  title: "pipeline throughput",
  async run(ctx) {
    const { jobs, warmupJobs } = ctx.settings.pipeline;
    await setSandboxLatency(ctx.sandboxUrl, 0);
    const d = await ctx.deployment("pipeline");
    const noopDeployment = await ctx.deployment("pipeline-noop", { withDatabase: false });
    const rig = await startPipelineRig(ctx, d);
    try {
      await rig.post(warmupJobs, "v1");
      const throughput: RunMeasurement[] = [];
      const cpu: RunMeasurement[] = [];
      const redis: RunMeasurement[] = [];
      const system: RunMeasurement[] = [];
      const postgres: RunMeasurement[] = [];
      for (let run = 1; run <= ctx.settings.runs; run++) {
        const base = await drainWithNoopWorker(ctx, noopDeployment, jobs);
        const real = await rig.post(jobs, "v1");
        ctx.progress(
          `pipeline run ${run}: ${real.rate.toFixed(0)} imp_uids/s, bare BullMQ ${base.rate.toFixed(0)} jobs/s; per job: worker CPU ${real.cpuMsPerJob.toFixed(2)} ms (no-op ${base.cpuMsPerJob.toFixed(2)}), Redis commands ${real.redisCommandsPerJob.toFixed(1)} (no-op ${base.redisCommandsPerJob.toFixed(1)}), Postgres write transactions ${real.pgTransactionsPerJob.toFixed(2)}`,
        );
        throughput.push({ value: real.rate, baseline: base.rate, details: { real, base } });
        const budget = Object.entries(real.cpuBudget)
          .map(([name, ms]) => `${name} ${ms.toFixed(2)}`)
          .join(", ");
        ctx.progress(`  CPU ms per imp_uid: ${budget}`);
        cpu.push({ value: real.cpuMsPerJob, baseline: base.cpuMsPerJob });
        system.push({
          value: totalOf(real.cpuBudget),
          baseline: totalOf(base.cpuBudget),
          details: { pipeline: real.cpuBudget, bareBullmq: base.cpuBudget },
        });
        redis.push({ value: real.redisCommandsPerJob, baseline: base.redisCommandsPerJob });
        postgres.push({ value: real.pgTransactionsPerJob, baseline: 1 });
      }
      const figure = figureFrom(
        {
          id: "pipeline-throughput",
          name: "pipeline throughput",
          unit: "imp_uids/s",
          baselineName: "bare BullMQ no-op worker, jobs/s",
          // Raised from 0.15 when the codebase was simplified: the simpler code must stay this fast.
          target: { on: "ratio", op: ">=", threshold: 0.25 },
        },
        throughput,
      );
      ctx.shared.pipelineRate = figure.value;
      const perJob = "informational: what one job costs, for the profile findings";
      return [
        figure,
        figureFrom(
          {
            id: "worker-cpu-per-job",
            name: "worker CPU per job",
            unit: "ms",
            baselineName: "no-op BullMQ worker CPU per job, ms",
            note: `${perJob}; user+system CPU of the worker process over a run ÷ jobs`,
          },
          cpu,
        ),
        figureFrom(
          {
            id: "system-cpu-per-job",
            name: "CPU per imp_uid, all processes",
            unit: "ms",
            baselineName: "bare BullMQ: no-op worker + Redis + driver, per job, ms",
            note: `${perJob}; API, worker, sandbox, Redis, every Postgres process and the bench driver (autocannon, stream reader), from /proc; the parts are in each run's details`,
          },
          system,
        ),
        figureFrom(
          {
            id: "redis-commands-per-job",
            name: "Redis commands per imp_uid",
            unit: "commands",
            baselineName: "bare BullMQ add + no-op worker, per job",
            note: `${perJob}; the whole pipeline: API (rate limit, enqueue), worker, relay, and the bench's stream reader`,
          },
          redis,
        ),
        figureFrom(
          {
            id: "pg-transactions-per-job",
            name: "Postgres write transactions per imp_uid",
            unit: "transactions",
            baselineName: "one: the single persist statement",
            note: `${perJob}; transaction ids assigned over a run (persist, outbox claim and mark; reads take none)`,
          },
          postgres,
        ),
      ];
    } finally {
      await rig.stop();
    }
  },
};
