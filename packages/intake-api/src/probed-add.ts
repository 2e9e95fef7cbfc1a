import { addCertificationJob, type CertificationQueue, jobIdFor } from "@cert/queue";
import type { Redis } from "ioredis";
import { tickBatcher } from "./tick-batcher";

/** Adds the job of an imp_uid and answers whether a retained job already carried it. */
export type ProbedAdd = (impUid: string) => Promise<boolean>;

type Outcome = { readonly existed: boolean } | { readonly error: unknown };

/** Whether each job hash exists (has its `name` field), as an array of 0/1. */
const PROBE_SCRIPT = `
local replies = {}
for i, key in ipairs(KEYS) do
  replies[i] = redis.call("HEXISTS", key, "name")
end
return replies`;

/**
 * `queue.add` of each imp_uid, with a probe of its job hash (every BullMQ job has a `name`
 * field) sent just ahead of the add on the add's own connection. Redis runs one connection's
 * commands in order, so the probe sees the queue as it was before this add, and both share one
 * round trip: a first submission costs what the bare `queue.add` does.
 *
 * The probes of one event-loop turn go as one command, then the turn's adds. An imp_uid
 * submitted twice in one turn is added once; the second caller is told it existed.
 * A failed add fails only its own callers.
 */
export function createProbedAdd(queue: CertificationQueue): ProbedAdd {
  const batch = tickBatcher<string, Outcome>(async (impUids) => {
    // The Redis backend's client is the ioredis connection the queue was given.
    const client = (await queue.getBackend().client) as unknown as Redis;
    const distinct = [...new Set(impUids)];
    const keys = distinct.map((impUid) => queue.toKey(jobIdFor(impUid)));
    // Issued now, so ioredis sends it before any add below.
    const probed = client.call("EVAL", PROBE_SCRIPT, keys.length, ...keys) as Promise<number[]>;
    const added = distinct.map((impUid) => addCertificationJob(queue, impUid));
    const [probes, ...adds] = await Promise.allSettled([probed, ...added]);

    const outcomes = new Map<string, Outcome>();
    distinct.forEach((impUid, i) => {
      const add = adds[i] as PromiseSettledResult<unknown>;
      let outcome: Outcome;
      if (add.status === "rejected") outcome = { error: add.reason };
      else if (probes.status === "rejected") outcome = { error: probes.reason };
      else outcome = { existed: probes.value[i] === 1 };
      outcomes.set(impUid, outcome);
    });
    const seen = new Set<string>();
    return impUids.map((impUid) => {
      const outcome = outcomes.get(impUid) as Outcome;
      const repeat = seen.has(impUid);
      seen.add(impUid);
      return repeat && "existed" in outcome ? { existed: true } : outcome;
    });
  });

  return async (impUid) => {
    const outcome = await batch(impUid);
    if ("error" in outcome) throw outcome.error;
    return outcome.existed;
  };
}
