// The end-to-end suite, unchanged, with the API and workers on a Sentinel-managed primary with
// two replicas started for this file (see test/support/e2e-redis.ts).
import { useE2eTopology } from "./support/e2e-redis";

useE2eTopology("sentinel");
await import("./pipeline.e2e.test");
