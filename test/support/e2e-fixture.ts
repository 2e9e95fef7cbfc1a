import type { RunningSandbox, StartSandboxOptions } from "@cert/iamport-sandbox";
import { type CertificationQueue, createCertificationQueue } from "@cert/queue";
import { createTestDatabase, startTestSandbox, type TestDatabase } from "@cert/testing";
import type { Redis } from "ioredis";
import { DatabaseRows } from "./database-rows";
import { startE2eRedis } from "./e2e-redis";
import { type PipelineOptions, type PipelineSystem, startPipeline } from "./pipeline-system";
import { deleteKeys } from "./redis-contents";

/** Everything an end-to-end test file works with, on the shared test servers. */
export interface E2eFixture {
  readonly db: TestDatabase;
  readonly sandbox: RunningSandbox;
  readonly system: PipelineSystem;
  /** Reads the tables the pipeline writes. */
  readonly rows: DatabaseRows;
  /** A plain client, for the outcome stream and inspecting keys. */
  readonly redis: Redis;
  /** The certification queue, as an operator's script would open it. */
  readonly queue: CertificationQueue;
  /** Stops the processes and removes the database, the keys and the stream. */
  close(): Promise<void>;
}

export interface E2eFixtureOptions
  extends Omit<PipelineOptions, "databaseUrl" | "redisUrl" | "sandboxUrl"> {
  /** Options of the sandbox (credentials, initial faults). Default none. */
  sandbox?: StartSandboxOptions;
  /** Runs before the apps start, e.g. to register records. Default none. */
  prepare?: (sandbox: RunningSandbox) => void;
}

/**
 * A fresh migrated database, a sandbox, and the API and workers as separate processes, with a
 * queue prefix and stream of their own. Call `close()` in afterAll.
 */
export async function startE2eFixture(options: E2eFixtureOptions = {}): Promise<E2eFixture> {
  const { sandbox: sandboxOptions, prepare, ...pipeline } = options;
  const [db, sandbox, e2eRedis] = await Promise.all([
    createTestDatabase(),
    startTestSandbox(sandboxOptions),
    startE2eRedis(),
  ]);
  prepare?.(sandbox);
  let system: PipelineSystem;
  try {
    system = await startPipeline({
      ...pipeline,
      databaseUrl: db.url,
      redisUrl: "",
      redisEnv: e2eRedis.env,
      hashTagQueuePrefix: e2eRedis.cluster,
      sandboxUrl: sandbox.url,
    });
  } catch (error) {
    e2eRedis.client.disconnect();
    await Promise.allSettled([sandbox.close(), db.drop(), e2eRedis.stop()]);
    throw error;
  }
  const rows = new DatabaseRows(db.url);
  // Typed as one server for the suites; on a cluster it answers the same single-key commands.
  const redis = e2eRedis.client as Redis;
  const queueConnection = e2eRedis.queueConnection();
  const queue = createCertificationQueue({
    connection: queueConnection,
    prefix: system.queuePrefix,
  });
  return {
    db,
    sandbox,
    system,
    rows,
    redis,
    queue,
    async close() {
      await system.stop();
      await queue.close();
      queueConnection.disconnect();
      // A topology started for this file goes away whole; the shared Redis is cleaned.
      if (!e2eRedis.cluster) await deleteKeys(redis, `${system.queuePrefix}:*`);
      await redis.unlink(system.outcomeStream);
      redis.disconnect();
      await e2eRedis.stop();
      await rows.close();
      await sandbox.close();
      await db.drop();
    },
  };
}
