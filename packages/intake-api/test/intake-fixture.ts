import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createPool } from "@cert/db";
import { createLogger } from "@cert/logger";
import {
  type CertificationQueue,
  createCertificationQueue,
  DEFAULT_JOB_OPTIONS_CONFIG,
  type JobOptionsConfig,
} from "@cert/queue";
import { createFailFastConnection, waitUntilReady } from "@cert/redis";
import { getTestServices, uniquePrefix } from "@cert/testing";
import type { Router } from "express";
import type { Registry } from "prom-client";
import { createIntakeApp, type IntakeAppConfig } from "../src/index";

export interface IntakeFixture {
  /** e.g. `http://127.0.0.1:41234`. */
  origin: string;
  queue: CertificationQueue;
  pool: ReturnType<typeof createPool>;
  prefix: string;
  /** Every log line the app wrote. */
  logLines: string[];
  /** Total jobs in every state. */
  jobCount(): Promise<number>;
  close(): Promise<void>;
}

export interface IntakeFixtureOptions {
  /** Postgres of the app; a server with nothing listening stands for "Postgres down". */
  databaseUrl: string;
  /** Default: the shared test Redis. */
  redisUrl?: string;
  /** Queue (and rate-limit) prefix. Default: a fresh one. */
  prefix?: string;
  config?: Partial<IntakeAppConfig>;
  jobOptions?: Partial<JobOptionsConfig>;
  admin?: Router;
  /** Wait for Redis before serving. Default true. */
  waitForRedis?: boolean;
  /** Registry of the app's metrics. Default: a new one. */
  registry?: Registry;
}

/** The intake app on port 0 over real Redis and Postgres, wired like apps/api wires it. */
export async function startIntake(options: IntakeFixtureOptions): Promise<IntakeFixture> {
  const redisUrl = options.redisUrl ?? getTestServices().redisUrl;
  const prefix = options.prefix ?? uniquePrefix("intake");
  const connection = createFailFastConnection(redisUrl);
  const limiterRedis = createFailFastConnection(redisUrl);
  for (const client of [connection, limiterRedis]) client.on("error", () => {});
  if (options.waitForRedis !== false) {
    await Promise.all([waitUntilReady(connection), waitUntilReady(limiterRedis)]);
  }
  const queue = createCertificationQueue({
    connection,
    prefix,
    config: { ...DEFAULT_JOB_OPTIONS_CONFIG, ...options.jobOptions },
  });
  const pool = createPool(options.databaseUrl, { connectionTimeoutMillis: 2000 });
  const logLines: string[] = [];
  const logger = createLogger({
    name: "intake-test",
    level: "debug",
    destination: { write: (line: string) => void logLines.push(line) },
  });
  const app = createIntakeApp({
    queue,
    pool,
    redis: limiterRedis,
    logger,
    admin: options.admin,
    registry: options.registry,
    config: {
      queuePrefix: prefix,
      rateLimitPerMinute: 1_000_000,
      statusRateLimitPerMinute: 1_000_000,
      trustProxy: false,
      redirectUrl: undefined,
      adminToken: undefined,
      ...options.config,
    },
  });
  const server: Server = createServer(app).listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    queue,
    pool,
    prefix,
    logLines,
    async jobCount() {
      const counts = await queue.getJobCounts();
      return Object.values(counts).reduce((sum, n) => sum + n, 0);
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await queue.close();
      connection.disconnect();
      limiterRedis.disconnect();
      await pool.end();
    },
  };
}
