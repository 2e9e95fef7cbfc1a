import { DEFAULT_JOB_OPTIONS_CONFIG } from "@cert/queue";
import { Redis } from "ioredis";
import type { Scenario } from "../context";
import { figureFrom, type RunMeasurement, type Target } from "../figures";
import { memoryRun } from "../harness/memory-run";
import { configNumber } from "../harness/redis-keys";
import { setSandboxLatency } from "../harness/sandbox-control";
import { median } from "../stats";

const MB = 1024 * 1024;
/** Jobs after which BullMQ's event stream (~10,000 entries, 3-4 per job) is at its cap. */
const EVENT_STREAM_CAP_JOBS = 3000;
/** Share of the outcome stream's cap its length may exceed it by (at least one stream node). */
const CAP_SLACK_SHARE = 0.01;
/** Redis's `stream-node-max-entries` default, where `CONFIG GET` is not allowed. */
const DEFAULT_STREAM_NODE_ENTRIES = 100;

const count = (n: number) => Math.round(n).toLocaleString("en");

/**
 * Memory: the worker's RSS after `jobs` jobs over its RSS after `firstSampleAt` (the issue:
 * 100,000 and 10,000), and Redis `used_memory` growth with the default retention, split into
 * BullMQ's keys (bounded by retention and its event stream's cap) and the outcome stream
 * (bounded by `OUTCOME_STREAM_MAXLEN`).
 */
export const memoryScenario: Scenario = {
  id: "memory",
  title: "memory",
  async run(ctx) {
    const { jobs, firstSampleAt, completedRetentionCount, outcomeStreamMaxLen, runs } =
      ctx.settings.memory;
    await setSandboxLatency(ctx.sandboxUrl, 0);
    const probe = new Redis(ctx.services.redisUrl);
    const nodeEntries = await configNumber(
      probe,
      "stream-node-max-entries",
      DEFAULT_STREAM_NODE_ENTRIES,
    ).finally(() => probe.disconnect());
    const rss: RunMeasurement[] = [];
    const queue: RunMeasurement[] = [];
    const stream: RunMeasurement[] = [];
    const total: RunMeasurement[] = [];
    for (let run = 1; run <= runs; run++) {
      const r = await memoryRun(ctx);
      const { first, last } = r;
      ctx.progress(
        `memory run ${run}: ${count(jobs)} jobs in ${r.seconds.toFixed(0)} s (${count(jobs / r.seconds)}/s); worker RSS ${(first.rss / MB).toFixed(0)} -> ${(last.rss / MB).toFixed(0)} MB; Redis +${(first.redis / MB).toFixed(1)} -> +${(last.redis / MB).toFixed(1)} MB (stream ${(last.stream / MB).toFixed(1)} MB, ${count(r.streamLength)} of ${count(r.streamAdded)} entries added)`,
      );
      ctx.progress(`  worker RSS after each tenth of the jobs, MB: ${r.rssByTenth.join(", ")}`);
      rss.push({
        value: last.rss / MB,
        baseline: first.rss / MB,
        details: { rssByTenth: r.rssByTenth, seconds: r.seconds },
      });
      queue.push({
        value: (last.redis - last.stream) / MB,
        baseline: (first.redis - first.stream) / MB,
      });
      stream.push({
        value: r.streamLength,
        baseline: outcomeStreamMaxLen,
        details: { streamMB: last.stream / MB, entriesAdded: r.streamAdded },
      });
      total.push({ value: last.redis / MB, baseline: first.redis / MB });
    }

    const retained = completedRetentionCount ?? DEFAULT_JOB_OPTIONS_CONFIG.retention.completedCount;
    const scaled =
      completedRetentionCount === null
        ? undefined
        : `scaled down from the issue's 100,000 / 10,000 jobs, default retention (10,000) and default cap (100,000) to ${count(jobs)} / ${count(firstSampleAt)}, COMPLETED_RETENTION_COUNT=${count(completedRetentionCount)} and OUTCOME_STREAM_MAXLEN=${count(outcomeStreamMaxLen)}`;
    // BullMQ caps each queue's event stream at ~10,000 entries (3-4 per job), a cap that does
    // not scale with the run: only when the first sample comes after it binds can the ratio
    // tell bounded growth from unbounded.
    const capBinds = firstSampleAt >= EVENT_STREAM_CAP_JOBS;
    const unchecked = capBinds
      ? ""
      : `; not checked below ${count(EVENT_STREAM_CAP_JOBS)} jobs at the first sample (BullMQ's event stream cap of ~10,000 entries binds later)`;
    const retention =
      completedRetentionCount === null
        ? `default retention (completed jobs kept up to ${count(retained)} or 1 h)`
        : `retention scaled to ${count(retained)} completed jobs or 1 h`;

    // The stated bound of the total: retained jobs x bytes per job + cap x bytes per entry.
    const queueMB = median(queue.map((q) => q.value));
    const streamMB = median(stream.map((s) => s.details?.streamMB as number));
    const streamLength = median(stream.map((s) => s.value));
    const perJobKB = (queueMB * 1024) / Math.min(jobs, retained);
    const perEntryB = streamLength > 0 ? (streamMB * MB) / streamLength : 0;
    const boundMB =
      (Math.min(jobs, retained) * perJobKB) / 1024 + (outcomeStreamMaxLen * perEntryB) / MB;

    const slack = Math.max(Math.ceil(outcomeStreamMaxLen * CAP_SLACK_SHARE), nodeEntries);
    const streamTarget: Target | undefined =
      outcomeStreamMaxLen > 0
        ? { on: "value", op: "<=", threshold: outcomeStreamMaxLen + slack }
        : undefined;
    const capUnreached =
      jobs <= outcomeStreamMaxLen
        ? `; the run adds no more entries than the cap, so the cap is reached, not exceeded (--quick, with a scaled cap, shows it trimming)`
        : "";

    const after = `after ${count(jobs)} jobs`;
    const at = `after ${count(firstSampleAt)} jobs`;
    return [
      figureFrom(
        {
          id: "worker-rss",
          name: `worker RSS ${after}`,
          unit: "MB",
          baselineName: `worker RSS ${at}, MB`,
          target: { on: "ratio", op: "<=", threshold: 1.2 },
          note: `each the median of the RSS readings over the ${count(Math.round(firstSampleAt / 4))} jobs before its point (RSS swings with the GC cycle)${scaled ? `; ${scaled}` : ""}`,
        },
        rss,
      ),
      figureFrom(
        {
          id: "redis-memory-queue",
          name: `Redis used_memory growth ${after}, without the outcome stream`,
          unit: "MB",
          baselineName: `the same ${at}, MB`,
          target: capBinds ? { on: "ratio", op: "<=", threshold: 1.2 } : undefined,
          note: `BullMQ's keys: ${retention}, event stream capped by BullMQ at ~10,000 entries${scaled ? `; ${scaled}` : ""}${unchecked}`,
        },
        queue,
      ),
      figureFrom(
        {
          id: "outcome-stream-length",
          name: `outcome stream length ${after}`,
          unit: "entries",
          baselineName: "its cap, OUTCOME_STREAM_MAXLEN",
          target: streamTarget,
          note: `${streamMB.toFixed(1)} MB, ${perEntryB.toFixed(0)} B per entry; XADD MAXLEN ~ ${count(outcomeStreamMaxLen)} trims whole stream nodes (stream-node-max-entries ${nodeEntries}), so the target allows max(1 % of the cap, one node) = ${count(slack)} entries above it${completedRetentionCount === null ? "" : "; cap scaled with the run, as the retention is"}${capUnreached}`,
        },
        stream,
      ),
      figureFrom(
        {
          id: "redis-memory-total",
          name: `Redis used_memory growth ${after}, outcome stream included`,
          unit: "MB",
          baselineName: `the same ${at}, MB`,
          note: `informational; bounded by retention x bytes per retained job + cap x bytes per stream entry = ${count(Math.min(jobs, retained))} x ${perJobKB.toFixed(2)} KB + ${count(outcomeStreamMaxLen)} x ${perEntryB.toFixed(0)} B = ${boundMB.toFixed(1)} MB (both measured here: growth without the stream / retained jobs, stream MEMORY USAGE / its length)`,
        },
        total,
      ),
    ];
  },
};
