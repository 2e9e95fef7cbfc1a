import { performance } from "node:perf_hooks";
import type { ScenarioContext } from "../context";
import { DirectProducer } from "./enqueue";
import { ImpUidBatch } from "./imp-uids";
import type { Deployment } from "./launcher";
import type { OutcomeWatcher } from "./outcome-watcher";

export interface BatchOutcome {
  /** From the first add to the last outcome read from the stream, ms. */
  elapsedMs: number;
}

/**
 * Adds `jobs` fresh jobs straight to the deployment's queue (as the API would) and waits until
 * every outcome is on the stream: the way worker-bound scenarios feed the worker without the
 * API taking CPU from it.
 */
export async function processBatch(
  ctx: ScenarioContext,
  d: Deployment,
  watcher: OutcomeWatcher,
  jobs: number,
): Promise<BatchOutcome> {
  const batch = new ImpUidBatch();
  const ids = batch.take(jobs);
  const tracker = watcher.track(batch);
  const producer = new DirectProducer(d.redisUrl, d.queuePrefix);
  try {
    const startedAt = performance.now();
    await producer.addAll(ids);
    await tracker.done(jobs, ctx.settings.outcomeTimeoutMs);
    let last = startedAt;
    for (const at of tracker.seenAt.values()) last = Math.max(last, at);
    return { elapsedMs: last - startedAt };
  } finally {
    tracker.close();
    await producer.close();
  }
}
