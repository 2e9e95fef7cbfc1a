import { hasRedisServerBinary, redisAnswers, startLocalRedis } from "@cert/testing/local";
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
 * private `redis-server` with AOF on, as production runs it. Fails with what to install or set.
 */
export async function resolveRedis(
  configured: string | undefined,
  cleanup: CleanupStack,
): Promise<RedisSource> {
  if (configured !== undefined) {
    if (!(await redisAnswers(configured, 3000))) {
      throw new RedisUnavailableError("REDIS_URL is set but does not answer PING");
    }
    return { url: configured, shared: true, source: "REDIS_URL" };
  }
  if (await redisAnswers(DEFAULT_REDIS_URL)) {
    return { url: DEFAULT_REDIS_URL, shared: true, source: "Redis on 127.0.0.1:6379" };
  }
  if (!hasRedisServerBinary()) {
    throw new RedisUnavailableError(
      "nothing answers on 127.0.0.1:6379 and redis-server is not installed",
    );
  }
  const redis = await startLocalRedis({ appendOnly: true });
  cleanup.add("local redis-server", () => redis.stop());
  return { url: redis.url, shared: false, source: "redis-server (temporary, AOF on)" };
}
