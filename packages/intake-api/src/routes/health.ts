import type { Queryable } from "@cert/db";
import { ServiceUnavailableError } from "@cert/http";
import type { IRouter } from "express";
import { withDeadline } from "../deadline";

/** The Redis method readiness needs; an ioredis client has it. */
export interface PingableRedis {
  ping(): Promise<string>;
}

export interface HealthRoutesOptions {
  /** Pinged by `/readyz`. */
  redis: PingableRedis;
  /** Asked `select 1` by `/readyz`. */
  pool: Queryable;
  /** Longest wait for each dependency, in ms. */
  timeoutMs: number;
  /** `Retry-After` of the 503 answer, in seconds. */
  retryAfterSeconds: number;
}

async function answers(
  check: () => Promise<unknown>,
  timeoutMs: number,
  name: string,
): Promise<boolean> {
  try {
    await withDeadline(check(), timeoutMs, name);
    return true;
  } catch {
    return false;
  }
}

/**
 * Adds `/healthz` and `/readyz` to `router`. `/healthz`: 200 while the process serves HTTP (liveness; dependencies are not checked, so an
 * outage never gets the process restarted). `/readyz`: 200 when Redis answers PING and Postgres
 * answers `select 1` within the timeout, else `503 not_ready` naming what failed.
 */
export function addHealthRoutes(router: IRouter, options: HealthRoutesOptions): void {
  const { redis, pool, timeoutMs, retryAfterSeconds } = options;

  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });

  router.get("/readyz", async (_req, res) => {
    const [redisUp, postgresUp] = await Promise.all([
      answers(() => redis.ping(), timeoutMs, "redis ping"),
      answers(() => pool.query("select 1"), timeoutMs, "postgres select 1"),
    ]);
    if (redisUp && postgresUp) {
      res.json({ status: "ready" });
      return;
    }
    const down = [redisUp ? undefined : "redis", postgresUp ? undefined : "postgres"].filter(
      Boolean,
    );
    throw new ServiceUnavailableError(
      "not_ready",
      `${down.join(" and ")} unavailable`,
      retryAfterSeconds,
    );
  });
}
