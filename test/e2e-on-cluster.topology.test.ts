// The end-to-end suite, unchanged, with the API and workers on a 3-primary, 3-replica Redis
// Cluster started for this file (see test/support/e2e-redis.ts).
import { useE2eTopology } from "./support/e2e-redis";

useE2eTopology("cluster");
await import("./pipeline.e2e.test");
