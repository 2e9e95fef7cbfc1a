import type { Logger } from "@cert/logger";
import type { Cluster, Redis } from "ioredis";

/**
 * Resolves once `redis` is connected. Fail-fast connections refuse commands until then, so the
 * worker reports ready only when the token cache can be shared (else each worker process would
 * fetch its own token at start).
 */
export function connectionReady(redis: Redis | Cluster): Promise<void> {
  if (redis.status === "ready") return Promise.resolve();
  return new Promise((resolve) => redis.once("ready", () => resolve()));
}

/**
 * Logs a connection's errors, at most one line per outage: ioredis emits one per reconnect
 * attempt, and without a listener it prints them to stderr itself.
 */
export function logConnectionErrors(
  redis: Redis | Cluster,
  connection: string,
  logger: Logger,
): void {
  let down = false;
  redis.on("error", (err) => {
    if (down) return;
    down = true;
    logger.warn(
      { err, code: "redis_unavailable", connection },
      "redis connection failed; reconnecting",
    );
  });
  redis.on("ready", () => {
    if (!down) return;
    down = false;
    logger.info({ code: "redis_recovered", connection }, "redis connection restored");
  });
}
