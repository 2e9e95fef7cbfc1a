import { startSentinelGroup } from "@cert/testing/topologies";
import { describeTopology } from "./support/topology-suite";

// The pipeline on a Sentinel-managed primary with two replicas (REDIS_SENTINELS,
// REDIS_SENTINEL_MASTER): end to end, and through the SIGKILL of the primary.
describeTopology("on Redis Sentinel", {
  async start() {
    const group = await startSentinelGroup(2);
    return {
      env: group.env,
      topology: group.topology,
      async killQueuePrimary() {
        await (await group.primary()).kill();
      },
      // The promoted primary keeps the one replica left.
      waitUntilRecovered: () => group.waitUntilHealthy(1),
      stop: () => group.stop(),
    };
  },
});
