import { performance } from "node:perf_hooks";
import { Redis } from "ioredis";
import type { IdBatch } from "./imp-uids";

/** One run's view of the stream: when each of its imp_uids was first seen. */
export interface RunTracker {
  /** imp_uid -> `performance.now()` when its entry was read. */
  readonly seenAt: Map<string, number>;
  /** Resolves once `expected` distinct imp_uids were seen; rejects after `timeoutMs`. */
  done(expected: number, timeoutMs: number): Promise<void>;
  /** Stops matching entries for this run. */
  close(): void;
}

interface Tracker {
  batch: IdBatch;
  expected: number;
  seenAt: Map<string, number>;
  resolve?: () => void;
}

type XReadReply = Array<[string, Array<[string, string[]]>]> | null;

/**
 * Reads an outcome stream with `XREAD BLOCK` on a connection of its own and timestamps each
 * verification the moment its entry arrives: the "entry seen" end of the latency figures and
 * the "last outcome published" end of the throughput figures. Entries carry the verification
 * id in their JSON `payload` field (`verification_id`; the no-op baseline writes `imp_uid`).
 */
export class OutcomeWatcher {
  private readonly trackers = new Set<Tracker>();
  private stopped = false;
  private loop: Promise<void> = Promise.resolve();
  /** Entries read, for sanity checks (duplicates included: publishing is at-least-once). */
  entriesRead = 0;

  private constructor(
    private readonly redis: Redis,
    private readonly stream: string,
    private lastId: string,
  ) {}

  /** Starts reading after the stream's current last entry. */
  static async start(redisUrl: string, stream: string): Promise<OutcomeWatcher> {
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
    const last = (await redis.xrevrange(stream, "+", "-", "COUNT", 1))[0]?.[0] ?? "0-0";
    const watcher = new OutcomeWatcher(redis, stream, last);
    watcher.loop = watcher.run();
    return watcher;
  }

  /** Starts recording the entries of `batch`'s imp_uids. */
  track(batch: IdBatch): RunTracker {
    const tracker: Tracker = { batch, expected: Number.POSITIVE_INFINITY, seenAt: new Map() };
    this.trackers.add(tracker);
    return {
      seenAt: tracker.seenAt,
      done: (expected, timeoutMs) =>
        new Promise<void>((resolve, reject) => {
          tracker.expected = expected;
          if (tracker.seenAt.size >= tracker.expected) return resolve();
          const timer = setTimeout(() => {
            reject(
              new Error(
                `only ${tracker.seenAt.size} of ${tracker.expected} outcomes reached ${this.stream} within ${timeoutMs} ms`,
              ),
            );
          }, timeoutMs);
          tracker.resolve = () => {
            clearTimeout(timer);
            resolve();
          };
        }),
      close: () => this.trackers.delete(tracker),
    };
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let reply: XReadReply;
      try {
        reply = (await this.redis.xread(
          "COUNT",
          5000,
          "BLOCK",
          250,
          "STREAMS",
          this.stream,
          this.lastId,
        )) as XReadReply;
      } catch (err) {
        if (this.stopped) return;
        throw err;
      }
      if (reply === null) continue;
      const now = performance.now();
      for (const [, entries] of reply) {
        for (const [id, fields] of entries) {
          this.lastId = id;
          this.entriesRead += 1;
          this.record(fields, now);
        }
      }
    }
  }

  private record(fields: string[], now: number): void {
    const at = fields.indexOf("payload");
    const payload = at >= 0 ? fields[at + 1] : undefined;
    if (payload === undefined) return;
    let id: unknown;
    try {
      // The verification id of either provider; the no-op baseline writes imp_uid alone.
      const parsed = JSON.parse(payload) as { verification_id?: unknown; imp_uid?: unknown };
      id = parsed.verification_id ?? parsed.imp_uid;
    } catch {
      return;
    }
    if (typeof id !== "string") return;
    for (const tracker of this.trackers) {
      if (!tracker.batch.owns(id) || tracker.seenAt.has(id)) continue;
      tracker.seenAt.set(id, now);
      if (tracker.seenAt.size >= tracker.expected) tracker.resolve?.();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.redis.disconnect();
    await this.loop.catch(() => {});
  }
}
