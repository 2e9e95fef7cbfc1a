import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { Scenario } from "../context";
import { figureFrom, type RunMeasurement } from "../figures";
import { postCertifications } from "../harness/autocannon-run";
import { cpuPerJob, cpuSnapshot, totalOf } from "../harness/cpu-budget";
import { ImpUidBatch } from "../harness/imp-uids";
import { drainWithNoopWorker } from "../harness/noop-run";
import { OutcomeWatcher } from "../harness/outcome-watcher";
import { cpuTimeMs } from "../harness/process-stats";
import { setSandboxLatency } from "../harness/sandbox-control";
import { pgNextTransactionId, redisCommandCount } from "../harness/server-counters";

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
    const { jobs, connections, warmupJobs } = ctx.settings.pipeline;
    await setSandboxLatency(ctx.sandboxUrl, 0);
    const d = await ctx.deployment("pipeline");
    const noopDeployment = await ctx.deployment("pipeline-noop", { withDatabase: false });
    // A folder per process; Node writes a file per thread there and the driver keeps the busiest.
    const profile = (name: string) =>
      ctx.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${join(ctx.profileDir, name)}`] : [];
    const [api, worker] = await Promise.all([
      ctx.launcher.startApi(d, { nodeArgs: profile("api") }),
      ctx.launcher.startWorker(d, {
        concurrency: ctx.settings.workerConcurrency,
        nodeArgs: profile("worker"),
      }),
    ]);
    const watcher = await OutcomeWatcher.start(d.redisUrl, d.outcomeStream);
    const post = async (count: number) => {
      const batch = new ImpUidBatch();
      const tracker = watcher.track(batch);
      const commandsBefore = await redisCommandCount(d.redisUrl);
      const xidBefore = await pgNextTransactionId(d.databaseUrl);
      const pids = { api: api.process.pid, worker: worker.pid, sandbox: ctx.sandboxPid };
      const budgetBefore = await cpuSnapshot(pids, d.redisUrl, d.databaseUrl);
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
      const cpuMsPerJob = (cpuTimeMs(worker.pid) - cpuBefore) / load.ok;
      const budgetAfter = await cpuSnapshot(pids, d.redisUrl, d.databaseUrl);
      const commands = (await redisCommandCount(d.redisUrl)) - commandsBefore;
      const xacts = (await pgNextTransactionId(d.databaseUrl)) - xidBefore;
      return {
        rate: (load.ok / (last - startedAt)) * 1000,
        cpuMsPerJob,
        redisCommandsPerJob: commands / load.ok,
        pgTransactionsPerJob: xacts / load.ok,
        cpuBudget: cpuPerJob(budgetBefore, budgetAfter, load.ok),
        ok: load.ok,
        rejected: load.non2xx + load.errors,
      };
    };
    try {
      await post(warmupJobs);
      const throughput: RunMeasurement[] = [];
      const cpu: RunMeasurement[] = [];
      const redis: RunMeasurement[] = [];
      const system: RunMeasurement[] = [];
      const postgres: RunMeasurement[] = [];
      for (let run = 1; run <= ctx.settings.runs; run++) {
        const base = await drainWithNoopWorker(ctx, noopDeployment, jobs);
        const real = await post(jobs);
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
          target: { on: "ratio", op: ">=", threshold: 0.15 },
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
      await watcher.stop();
      await Promise.all([api.process.stop(), worker.stop()]);
    }
  },
};
