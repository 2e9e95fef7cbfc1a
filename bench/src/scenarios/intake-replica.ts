import { waitUntil } from "@cert/testing/local";
import { type RedisNode, scratchDir, startRedisNode } from "@cert/testing/topologies";
import { Redis } from "ioredis";
import type { Scenario } from "../context";
import { figureFrom, type RunMeasurement } from "../figures";
import { postFreshImpUids } from "../harness/autocannon-run";
import type { HttpProcess } from "../harness/launcher";

/** True once `primary` lists one replica, and that replica has finished its first sync. */
async function replicaOnline(primary: RedisNode): Promise<boolean> {
  const client = new Redis(primary.url, { maxRetriesPerRequest: 0, lazyConnect: true });
  client.on("error", () => {});
  try {
    await client.connect();
    const info = await client.info("replication");
    return /^connected_slaves:1\r?$/m.test(info) && /^slave0:.*state=online/m.test(info);
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** `WAIT` commands `primary` has served (`INFO commandstats`): proof the API confirmed on the replica. */
async function waitCalls(primary: RedisNode): Promise<number> {
  const client = new Redis(primary.url, { maxRetriesPerRequest: 0 });
  client.on("error", () => {});
  try {
    const info = await client.info("commandstats");
    return Number(/^cmdstat_wait:calls=(\d+)/m.exec(info)?.[1] ?? 0);
  } finally {
    client.disconnect();
  }
}

/**
 * What `WAIT` costs the intake: `POST /certifications` req/s under autocannon (the intake
 * scenario's load) against an API whose Redis primary has one replica, so every accepted job is
 * confirmed by `WAIT 1` before the 202, over the same API on a primary without one. Each API
 * has a private primary of its own (no restart between the two), the replica is connected and
 * synced before its API starts (the API reads the replica count when it first confirms), and
 * the two go first in turn, run by run.
 */
export const intakeReplicaScenario: Scenario = {
  id: "intake-replica",
  title: "intake throughput with and without a replica (WAIT)",
  async run(ctx) {
    const { connections, durationSeconds, warmupSeconds } = ctx.settings.intake;
    const cleanups: Array<() => Promise<void>> = [];
    try {
      const [dir, removeDir] = await scratchDir("bench-replica-");
      cleanups.push(removeDir);
      const started = async (args: string[]) => {
        const node = await startRedisNode(dir, args);
        cleanups.push(() => node.stop());
        return node;
      };
      const alone = await started([]);
      const primary = await started([]);
      await started(["--replicaof", primary.host, String(primary.port)]);
      await waitUntil("the replica is online", () => replicaOnline(primary), 15_000);

      // One database for both: the intake does not write to it. The same queue prefix on two
      // servers never meets.
      const d = await ctx.deployment("intake-replica");
      const api = async (name: string, redisUrl: string): Promise<HttpProcess> => {
        const started = await ctx.launcher.startApi({ ...d, redisUrl }, { name });
        cleanups.push(() => started.process.stop());
        return started;
      };
      const without = await api("api-no-replica", alone.url);
      const withReplica = await api("api-replica", primary.url);

      const load = (url: string, seconds: number) => postFreshImpUids(url, connections, seconds);
      await load(without.url, warmupSeconds);
      await load(withReplica.url, warmupSeconds);
      const runs: RunMeasurement[] = [];
      for (let run = 1; run <= ctx.settings.runs; run++) {
        const replicaFirst = run % 2 === 0;
        const waitsBefore = await waitCalls(primary);
        const r = replicaFirst ? await load(withReplica.url, durationSeconds) : undefined;
        const n = await load(without.url, durationSeconds);
        const w = r ?? (await load(withReplica.url, durationSeconds));
        const waits = (await waitCalls(primary)) - waitsBefore;
        ctx.progress(
          `intake-replica run ${run} (${replicaFirst ? "replica" : "no replica"} first): with replica ${w.requestsPerSecond.toFixed(0)} req/s (${waits} WAITs for ${w.ok} jobs), without ${n.requestsPerSecond.toFixed(0)}`,
        );
        if (waits === 0) throw new Error("the API with a replica sent no WAIT: nothing measured");
        for (const [label, s] of [
          ["with replica", w],
          ["without", n],
        ] as const) {
          if (s.non2xx + s.errors > 0)
            ctx.progress(`  ${label}: ${s.non2xx} non-2xx, ${s.errors} errors`);
        }
        if (!(await replicaOnline(primary))) throw new Error("the replica dropped off mid-run");
        runs.push({
          value: w.requestsPerSecond,
          baseline: n.requestsPerSecond,
          details: { withReplica: w, withoutReplica: n, replicaFirst, waits },
        });
      }
      return [
        figureFrom(
          {
            id: "intake-throughput-replica",
            name: "intake throughput with a replica (WAIT)",
            unit: "req/s",
            baselineName: "the same API on a primary without a replica, req/s",
            note: "one local replica on the same host: WAIT's round trip without a network; the API groups concurrent confirmations into one WAIT per connection",
          },
          runs,
        ),
      ];
    } finally {
      for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    }
  },
};
