import { randomBytes } from "node:crypto";
import { inject } from "vitest";

/**
 * Stand-ins for `@cert/testing`'s `getTestServices` / `uniquePrefix` (same names), used because
 * that package pulls in `@cert/db` and the sandbox, which this package must not depend on.
 * The Redis URL still comes from the shared global setup when it ran.
 */
export function getTestServices(): { redisUrl: string } {
  const provided = (inject as unknown as (key: string) => { redisUrl?: string } | undefined)(
    "services",
  );
  return {
    redisUrl: provided?.redisUrl ?? process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
  };
}

export function uniquePrefix(label = "t"): string {
  return `${label}-${process.pid}-${randomBytes(4).toString("hex")}`;
}
