import { performance } from "node:perf_hooks";
import type { ScenarioContext } from "../context";
import { type CpuSnapshot, cpuPerJob, cpuSnapshot } from "./cpu-budget";
import { DirectProducer } from "./enqueue";
import { ImpUidBatch } from "./imp-uids";
import type { Deployment } from "./launcher";
import { cpuTimeMs } from "./process-stats";
import { redisCommandCount } from "./server-counters";

export interface NoopRunResult {
  /** Jobs/s from the first add to the last completion. */
  rate: number;
  cpuMsPerJob: number;
  redisCommandsPerJob: number;
  /** CPU per job of the no-op worker, Redis and the driver (which adds the jobs), ms. */
  cpuBudget: CpuSnapshot;
}

/**
 * Bare BullMQ: `jobs` jobs added with addBulk (the intake's job options), drained by a fresh
 * no-op Worker process of the production concurrency; it reports over IPC when the last one
 * completed.
 */
export async function drainWithNoopWorker(
  ctx: ScenarioContext,
  d: Deployment,
  jobs: number,
): Promise<NoopRunResult> {
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
    const ids = new ImpUidBatch().take(jobs);
    const commandsBefore = await redisCommandCount(d.redisUrl);
    const budgetBefore = await cpuSnapshot({ worker: worker.pid }, d.redisUrl);
    const cpuBefore = cpuTimeMs(worker.pid);
    const startedAt = performance.now();
    await producer.addAll(ids);
    await drained;
    const elapsedMs = performance.now() - startedAt;
    const cpuMsPerJob = (cpuTimeMs(worker.pid) - cpuBefore) / jobs;
    const budget = cpuPerJob(
      budgetBefore,
      await cpuSnapshot({ worker: worker.pid }, d.redisUrl),
      jobs,
    );
    const commands = (await redisCommandCount(d.redisUrl)) - commandsBefore;
    return {
      rate: (jobs / elapsedMs) * 1000,
      cpuMsPerJob,
      redisCommandsPerJob: commands / jobs,
      cpuBudget: budget,
    };
  } finally {
    await producer.close();
    await worker.stop();
  }
}
