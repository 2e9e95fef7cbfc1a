import { CERTIFICATION_QUEUE } from "@cert/queue";
import type { Redis } from "ioredis";

/** One entry of BullMQ's event stream of the certification queue. */
export interface QueueEvent {
  event: string;
  jobId: string | undefined;
}

/**
 * Reads BullMQ's own event stream (`<prefix>:certifications:events`), which records, among
 * others, every job its stall checker found abandoned by a dead worker (`stalled`).
 */
export async function readQueueEvents(redis: Redis, prefix: string): Promise<QueueEvent[]> {
  const entries = await redis.xrange(`${prefix}:${CERTIFICATION_QUEUE}:events`, "-", "+");
  return entries.map(([, flat]) => {
    const fields = new Map<string, string>();
    for (let i = 0; i + 1 < flat.length; i += 2)
      fields.set(flat[i] as string, flat[i + 1] as string);
    return { event: fields.get("event") ?? "", jobId: fields.get("jobId") };
  });
}
