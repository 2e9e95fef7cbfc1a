import { redisAnswers, startLocalRedis, whereServerRuns } from "@cert/testing/local";
import type { CleanupStack } from "./cleanup-stack";
import { RedisUnavailableError } from "./errors";

/** Where the demo's Redis is when none is configured and none is spawned. */
export const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

export interface RedisSource {
  readonly url: string;
  /** Someone else's server: keys must not collide with other users'. */
  readonly shared: boolean;
  readonly source: string;
}

/**
 * `REDIS_URL` when set (it must answer), else a Redis answering on 127.0.0.1:6379, else a
 * private `redis-server` with AOF on, as production runs it: the installed one, else one in a
 * container when Docker answers. Fails with what to install, start or set.
 */
export async function resolveRedis(
  configured: string | undefined,
  cleanup: CleanupStack,
  defaultUrl = DEFAULT_REDIS_URL,
): Promise<RedisSource> {
  if (configured !== undefined) {
    if (!(await redisAnswers(configured, 3000))) {
      throw new RedisUnavailableError("REDIS_URL is set but does not answer PING");
    }
    return { url: configured, shared: true, source: "REDIS_URL" };
  }
  const { host } = new URL(defaultUrl);
  if (await redisAnswers(defaultUrl)) {
    return { url: defaultUrl, shared: true, source: `Redis on ${host}` };
  }
  const where = await whereServerRuns("redis-server");
  if (!where) {
    throw new RedisUnavailableError(
      `nothing answers on ${host}, redis-server is not installed and no Docker engine answers`,
    );
  }
  const redis = await startLocalRedis({ appendOnly: true });
  cleanup.add("local redis-server", () => redis.stop());
  const runsIn = where === "container" ? "redis-server in a container" : "redis-server";
  return { url: redis.url, shared: false, source: `${runsIn} (temporary, AOF on)` };
}
