import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { ScenarioContext } from "../context";
import { postCertifications } from "./autocannon-run";
import { type CpuSnapshot, cpuPerJob, cpuSnapshot } from "./cpu-budget";
import { type IdBatch, ImpUidBatch } from "./imp-uids";
import type { Deployment, HttpProcess } from "./launcher";
import type { NodeProcess } from "./node-process";
import { OutcomeWatcher } from "./outcome-watcher";
import { cpuTimeMs } from "./process-stats";
import { pgNextTransactionId, redisCommandCount } from "./server-counters";
import { V2IdBatch } from "./v2-ids";

/** Which intake a pipeline run posts to. */
export type PipelineProvider = "v1" | "v2";

const INTAKE: Readonly<
  Record<PipelineProvider, { path: string; field: string; batch: () => IdBatch }>
> = {
  v1: { path: "/certifications", field: "imp_uid", batch: () => new ImpUidBatch() },
  v2: {
    path: "/identity-verifications",
    field: "identityVerificationId",
    batch: () => new V2IdBatch(),
  },
};

/** What one pipeline run measured. */
export interface PipelineRun {
  /** Verifications/s from the first POST to the last outcome read from the stream. */
  rate: number;
  cpuMsPerJob: number;
  redisCommandsPerJob: number;
  pgTransactionsPerJob: number;
  cpuBudget: CpuSnapshot;
  ok: number;
  rejected: number;
}

/** One API and one worker on a deployment, and the stream reader that times their outcomes. */
export interface PipelineRig {
  /** POSTs `count` fresh ids to `provider`'s intake (autocannon) and waits for every outcome. */
  post(count: number, provider: PipelineProvider): Promise<PipelineRun>;
  stop(): Promise<void>;
}

export interface PipelineRigOptions {
  /** Names the processes (and their `--profile` folders). Default `api` and `worker`. */
  readonly name?: string;
  /** Extra environment for both apps (tracing). */
  readonly env?: Record<string, string>;
}

/**
 * Starts the pipeline as production runs it: the API and one worker (production concurrency)
 * on `d`, with a reader of its outcome stream. A run POSTs with autocannon and counts, besides
 * the rate, what a job costs: worker CPU, Redis commands, Postgres transactions and the CPU
 * of every process involved.
 */
export async function startPipelineRig(
  ctx: ScenarioContext,
  d: Deployment,
  options: PipelineRigOptions = {},
): Promise<PipelineRig> {
  const suffix = options.name ? `-${options.name}` : "";
  // A folder per process; Node writes a file per thread there and the driver keeps the busiest.
  const profile = (name: string) =>
    ctx.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${join(ctx.profileDir, name)}`] : [];
  const [api, worker]: [HttpProcess, NodeProcess] = await Promise.all([
    ctx.launcher.startApi(d, {
      name: `api${suffix}`,
      nodeArgs: profile(`api${suffix}`),
      env: options.env,
    }),
    ctx.launcher.startWorker(d, {
      name: `worker${suffix}`,
      concurrency: ctx.settings.workerConcurrency,
      nodeArgs: profile(`worker${suffix}`),
      env: options.env,
    }),
  ]);
  const watcher = await OutcomeWatcher.start(d.redisUrl, d.outcomeStream);
  const { connections } = ctx.settings.pipeline;

  const post = async (count: number, provider: PipelineProvider): Promise<PipelineRun> => {
    const intake = INTAKE[provider];
    const batch = intake.batch();
    const tracker = watcher.track(batch);
    const commandsBefore = await redisCommandCount(d.redisUrl);
    const xidBefore = await pgNextTransactionId(d.databaseUrl);
    const pids = { api: api.process.pid, worker: worker.pid, sandbox: ctx.sandboxPid };
    const budgetBefore = await cpuSnapshot(pids, d.redisUrl, d.databaseUrl);
    const cpuBefore = cpuTimeMs(worker.pid);
    const startedAt = performance.now();
    const load = await postCertifications({
      url: api.url,
      path: intake.path,
      connections,
      amount: count,
      body: () => `{"${intake.field}":"${batch.next()}"}`,
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

  return {
    post,
    async stop() {
      await watcher.stop();
      await Promise.all([api.process.stop(), worker.stop()]);
    },
  };
}

/**
 * Two measurements compared within a run, `a` first in odd runs and `b` first in even ones, so
 * neither side always gets the warmer (or the noisier) slot. Resolves with `[a, b]`.
 */
export async function inAlternatingOrder<T>(
  run: number,
  a: () => Promise<T>,
  b: () => Promise<T>,
): Promise<[T, T]> {
  if (run % 2 === 1) {
    const first = await a();
    return [first, await b()];
  }
  const first = await b();
  return [await a(), first];
}
