import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { DEFAULT_JOB_OPTIONS_CONFIG, type JobOptionsConfig } from "@cert/queue";
import { Redis } from "ioredis";
import type { ScenarioContext } from "../context";
import { median } from "../stats";
import { DirectProducer } from "./enqueue";
import { ImpUidBatch } from "./imp-uids";
import { rssBytes } from "./process-stats";
import { keyBytes, streamEntriesAdded, usedMemory } from "./redis-keys";

const MB = 1024 * 1024;
/** How often progress is polled (one `XINFO STREAM`), ms: the first sample lands this close. */
const POLL_MS = 50;
/**
 * Jobs kept waiting, in worker concurrencies: enough that the worker never idles between the
 * producer's adds, small enough that samples see retention rather than a backlog parked in Redis.
 */
const BACKLOG_CONCURRENCIES = 4;
/**
 * RSS rises and falls by tens of MB with the garbage collector's cycle at thousands of jobs a
 * second, so one reading says more about where in that cycle it fell than about the worker.
 * Each RSS figure is the median of the readings taken (every poll) over the last jobs before
 * its point: this share of the first sample's job count, the same number of jobs for both.
 */
const RSS_WINDOW_SHARE = 0.25;

export interface MemorySample {
  rss: number;
  /** `used_memory` minus what it was before the run. */
  redis: number;
  /** The outcome stream's own bytes (`MEMORY USAGE`). */
  stream: number;
}

export interface MemoryRun {
  first: MemorySample;
  last: MemorySample;
  /** `XLEN` of the outcome stream at the end (what its cap trims). */
  streamLength: number;
  /** Entries ever added to the stream (trimmed ones included). */
  streamAdded: number;
  /** Worker RSS (MB) after each tenth of the jobs: a leak climbs, heap sizing levels off. */
  rssByTenth: number[];
  /** First add to the last outcome, s. */
  seconds: number;
}

/** Job options of the producer: the defaults, with the retention count overridden if scaled. */
function jobOptions(completedRetentionCount: number | null): JobOptionsConfig {
  if (completedRetentionCount === null) return DEFAULT_JOB_OPTIONS_CONFIG;
  return {
    ...DEFAULT_JOB_OPTIONS_CONFIG,
    retention: { ...DEFAULT_JOB_OPTIONS_CONFIG.retention, completedCount: completedRetentionCount },
  };
}

/**
 * One long run of the memory scenario: a fresh worker fed `jobs` jobs straight into its queue,
 * sampled after `firstSampleAt` and after all `jobs` outcomes. Progress is the stream's
 * `entries-added`, not an `XREAD` reader: with a small cap (quick mode) a reader that falls
 * behind by more than the cap would never see the entries trimmed before it read them.
 */
export async function memoryRun(ctx: ScenarioContext): Promise<MemoryRun> {
  const { jobs, firstSampleAt, completedRetentionCount, outcomeStreamMaxLen } = ctx.settings.memory;
  const concurrency = ctx.settings.workerConcurrency;
  const d = await ctx.deployment("memory");
  const env: Record<string, string> = { OUTCOME_STREAM_MAXLEN: String(outcomeStreamMaxLen) };
  if (completedRetentionCount !== null) {
    env.COMPLETED_RETENTION_COUNT = String(completedRetentionCount);
  }
  const worker = await ctx.launcher.startWorker(d, { concurrency, env });
  const redis = new Redis(d.redisUrl);
  const producer = new DirectProducer(
    d.redisUrl,
    d.queuePrefix,
    jobOptions(completedRetentionCount),
  );
  try {
    const before = await usedMemory(redis);
    const sample = async (): Promise<MemorySample> => ({
      rss: rssBytes(worker.pid),
      redis: (await usedMemory(redis)) - before,
      stream: await keyBytes(redis, d.outcomeStream),
    });
    const started = performance.now();
    let feedError: unknown;
    const feeding = producer
      .feed(new ImpUidBatch().take(jobs), BACKLOG_CONCURRENCIES * concurrency, concurrency)
      .catch((err: unknown) => {
        feedError = err;
      });
    let first: MemorySample | undefined;
    const rssByTenth: number[] = [];
    const readings: { added: number; rss: number }[] = [];
    const window = Math.max(1, Math.round(firstSampleAt * RSS_WINDOW_SHARE));
    const rssBefore = (point: number): number =>
      median(
        readings.filter((r) => r.added > point - window && r.added <= point).map((r) => r.rss),
      );
    let added = 0;
    let progressAt = performance.now();
    while (added < jobs) {
      if (feedError !== undefined) throw feedError;
      const now = await streamEntriesAdded(redis, d.outcomeStream);
      if (now > added) progressAt = performance.now();
      added = now;
      if (performance.now() - progressAt > ctx.settings.outcomeTimeoutMs) {
        throw new Error(
          `only ${added} of ${jobs} outcomes reached ${d.outcomeStream}, none in the last ${ctx.settings.outcomeTimeoutMs} ms`,
        );
      }
      readings.push({ added, rss: rssBytes(worker.pid) });
      if (first === undefined && added >= firstSampleAt) {
        first = { ...(await sample()), rss: rssBefore(added) };
      }
      while (rssByTenth.length < 10 && added >= ((rssByTenth.length + 1) * jobs) / 10) {
        rssByTenth.push(Math.round(rssBytes(worker.pid) / MB));
      }
      if (added < jobs) await sleep(POLL_MS);
    }
    const seconds = (performance.now() - started) / 1000;
    await feeding;
    const last = { ...(await sample()), rss: rssBefore(added) };
    const streamLength = await redis.xlen(d.outcomeStream);
    return { first: first ?? last, last, streamLength, streamAdded: added, rssByTenth, seconds };
  } finally {
    await producer.close();
    redis.disconnect();
    await worker.stop();
  }
}
