import { startRedisCluster } from "@cert/testing/topologies";
import { describeTopology } from "./support/topology-suite";

// The pipeline on a 3-primary, 3-replica Redis Cluster (REDIS_CLUSTER_NODES): end to end, and
// through the SIGKILL of the primary that holds the queue's slot.
describeTopology("on a Redis Cluster", {
  async start() {
    const cluster = await startRedisCluster(3);
    return {
      env: cluster.env,
      topology: cluster.topology,
      async killQueuePrimary(bullPrefix) {
        await (await cluster.masterOf(bullPrefix)).kill();
      },
      waitUntilRecovered: () => cluster.waitUntilHealthy(),
      stop: () => cluster.stop(),
    };
  },
});
