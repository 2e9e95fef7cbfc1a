import type { RunningSandbox, StartSandboxOptions } from "@cert/iamport-sandbox";
import { type CertificationQueue, createCertificationQueue } from "@cert/queue";
import { createFailFastConnection } from "@cert/redis";
import {
  createTestDatabase,
  getTestServices,
  startTestSandbox,
  type TestDatabase,
} from "@cert/testing";
import { Redis } from "ioredis";
import { DatabaseRows } from "./database-rows";
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
  const { redisUrl } = getTestServices();
  const [db, sandbox] = await Promise.all([createTestDatabase(), startTestSandbox(sandboxOptions)]);
  prepare?.(sandbox);
  let system: PipelineSystem;
  try {
    system = await startPipeline({
      ...pipeline,
      databaseUrl: db.url,
      redisUrl,
      sandboxUrl: sandbox.url,
    });
  } catch (error) {
    await sandbox.close();
    await db.drop();
    throw error;
  }
  const rows = new DatabaseRows(db.url);
  const redis = new Redis(redisUrl);
  const queueConnection = createFailFastConnection(redisUrl);
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
      await deleteKeys(redis, `${system.queuePrefix}:*`);
      await redis.unlink(system.outcomeStream);
      redis.disconnect();
      await rows.close();
      await sandbox.close();
      await db.drop();
    },
  };
}
