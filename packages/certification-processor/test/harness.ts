import { createPool } from "@cert/db";
import { IamportClient } from "@cert/iamport";
import {
  type RunningSandbox,
  SANDBOX_API_KEY,
  SANDBOX_API_SECRET,
  SANDBOX_V2_SECRET,
} from "@cert/iamport-sandbox";
import { createLogger, type DestinationStream } from "@cert/logger";
import { createOutcomeWriter } from "@cert/outbox";
import { IdentityVerificationClient } from "@cert/portone";
import {
  addCertificationJob,
  type CertificationJob,
  type CertificationQueue,
  createCertificationQueue,
  DEFAULT_JOB_OPTIONS_CONFIG,
  jobIdFor,
} from "@cert/queue";
import { createBlockingConnection, createFailFastConnection } from "@cert/redis";
import {
  decryptPersonalColumns,
  getTestServices,
  startTestSandbox,
  testPiiCipher,
  uniquePrefix,
  waitUntil,
} from "@cert/testing";
import type { Redis } from "ioredis";
import type pg from "pg";
import {
  type CertificationProcessor,
  type CertificationProcessorOptions,
  type CertificationWorker,
  createCertificationProcessor,
  createCertificationWorker,
} from "../src/index";

/** Resolves once `redis` is connected: fail-fast connections refuse commands before that. */
export async function connected(redis: Redis): Promise<void> {
  if (redis.status === "ready") return;
  await new Promise<void>((resolve) => redis.once("ready", () => resolve()));
}

export interface HarnessOptions {
  /** Postgres database URL (from useTestDatabase). */
  readonly databaseUrl: string;
  /** Attempts per job. Default 3. */
  readonly attempts?: number;
  /** First backoff delay, ms. Default 50. */
  readonly backoffMs?: number;
  /** Worker concurrency. Default 10. */
  readonly concurrency?: number;
  /** Postgres URL for the processor's pool, when it must differ from `databaseUrl`. Default `databaseUrl`. */
  readonly processorDatabaseUrl?: string;
  /** Processor options on top of the harness's. */
  readonly processor?: Partial<CertificationProcessorOptions>;
}

/**
 * The processor as production runs it, minus the process: a real sandbox over HTTP, a real
 * IamportClient sharing its token through Redis, a real BullMQ queue and worker, real Postgres.
 */
export interface Harness {
  readonly sandbox: RunningSandbox;
  readonly pool: pg.Pool;
  readonly queue: CertificationQueue;
  readonly processor: CertificationProcessor;
  readonly worker: CertificationWorker;
  /** Every log line the processor wrote. */
  readonly logLines: () => Array<Record<string, unknown>>;
  /** Enqueues the imp_uids (job id = imp_uid) and waits until each job completed or failed. */
  run(...impUids: string[]): Promise<CertificationJob[]>;
  /** Enqueues without waiting. */
  add(...impUids: string[]): Promise<CertificationJob[]>;
  /** Waits until each job completed or failed, and returns it as stored. */
  settled(...impUids: string[]): Promise<CertificationJob[]>;
  /** {@link run} for PortOne V2 identityVerificationIds. */
  runV2(...ids: string[]): Promise<CertificationJob[]>;
  /** {@link add} for PortOne V2 identityVerificationIds. */
  addV2(...ids: string[]): Promise<CertificationJob[]>;
  /** {@link settled} for PortOne V2 identityVerificationIds. */
  settledV2(...ids: string[]): Promise<CertificationJob[]>;
  close(): Promise<void>;
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const { redisUrl } = getTestServices();
  const prefix = uniquePrefix("verification");
  const sandbox = await startTestSandbox();
  const pool = createPool(options.databaseUrl);
  const raw: string[] = [];
  const destination: DestinationStream = { write: (line: string) => void raw.push(line) };
  const logger = createLogger({ name: "processor-test", level: "info", destination });
  const tokenRedis: Redis = createFailFastConnection(redisUrl);
  const client = new IamportClient({
    apiUrl: sandbox.url,
    apiKey: SANDBOX_API_KEY,
    apiSecret: SANDBOX_API_SECRET,
    redis: tokenRedis,
    keyPrefix: `${prefix}:iamport:`,
  });
  const producer = createFailFastConnection(redisUrl);
  const queue = createCertificationQueue({
    connection: producer,
    prefix,
    config: {
      ...DEFAULT_JOB_OPTIONS_CONFIG,
      jobAttempts: options.attempts ?? 3,
      jobBackoffMs: options.backoffMs ?? 50,
    },
  });
  const processorPool =
    options.processorDatabaseUrl === undefined
      ? pool
      : createPool(options.processorDatabaseUrl, { connectionTimeoutMillis: 500 });
  const portone = new IdentityVerificationClient({
    apiUrl: sandbox.url,
    apiSecret: SANDBOX_V2_SECRET,
  });
  const processor = createCertificationProcessor({
    iamport: client,
    portone,
    writer: createOutcomeWriter({ pool: processorPool, cipher: testPiiCipher }),
    age: { ageMin: 19, ageRule: "calendar-year" },
    logger,
    notFoundRecheckDelayMs: 10,
    ...options.processor,
  });
  const workerConnection = createBlockingConnection(redisUrl);
  const worker = createCertificationWorker(processor, {
    connection: workerConnection,
    prefix,
    concurrency: options.concurrency ?? 10,
  });
  worker.on("error", () => {});
  await Promise.all([worker.waitUntilReady(), connected(producer), connected(tokenRedis)]);

  const settledJobs = async (jobIds: string[]) => {
    await waitUntil(`jobs ${jobIds.join(", ")} settled`, async () => {
      const states = await Promise.all(jobIds.map((id) => queue.getJobState(id)));
      return states.every((s) => s === "completed" || s === "failed");
    });
    const jobs = await Promise.all(jobIds.map((id) => queue.getJob(id)));
    return jobs.map((job, i) => {
      if (!job) throw new Error(`job ${jobIds[i]} disappeared`);
      return job;
    });
  };
  const adder = (provider: "iamport" | "portone") => (ids: string[]) =>
    Promise.all(ids.map((id) => addCertificationJob(queue, { provider, id })));
  const add = (...impUids: string[]) => adder("iamport")(impUids);
  const addV2 = (...ids: string[]) => adder("portone")(ids);
  const settled = (...impUids: string[]) => settledJobs(impUids);
  const settledV2 = (...ids: string[]) =>
    settledJobs(ids.map((id) => jobIdFor({ provider: "portone", id })));

  return {
    sandbox,
    pool,
    queue,
    processor,
    worker,
    logLines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>),
    add,
    settled,
    async run(...impUids) {
      await add(...impUids);
      return settled(...impUids);
    },
    addV2,
    settledV2,
    async runV2(...ids) {
      await addV2(...ids);
      return settledV2(...ids);
    },
    async close() {
      await worker.close();
      await queue.close();
      await client.close();
      await portone.close();
      await sandbox.close();
      await pool.end();
      if (processorPool !== pool) await processorPool.end();
      workerConnection.disconnect();
      producer.disconnect();
      tokenRedis.disconnect();
    },
  };
}

/** Rows the processor writes for `impUid`, as downstream reads them. */
/** The rows one verification left: its certification, its events and its person. */
export async function rowsFor(
  pool: pg.Pool,
  id: string,
  provider: "iamport" | "portone" = "iamport",
) {
  const certification = await pool.query(
    "SELECT * FROM certifications WHERE provider = $1 AND verification_id = $2",
    [provider, id],
  );
  const events = await pool.query(
    "SELECT * FROM outcome_events WHERE payload->>'provider' = $1 AND payload->>'verification_id' = $2",
    [provider, id],
  );
  const userId = certification.rows[0]?.user_id ?? null;
  const stored =
    userId === null
      ? undefined
      : (await pool.query("SELECT * FROM users WHERE user_id = $1", [userId])).rows[0];
  // The person as downstream reads them with the keys: personal columns decrypted.
  const user = stored && decryptPersonalColumns(stored);
  return { certification: certification.rows[0], events: events.rows, user };
}

export async function tableCounts(pool: pg.Pool) {
  const { rows } = await pool.query<{ users: string; certifications: string; events: string }>(
    `SELECT (SELECT count(*) FROM users) AS users,
            (SELECT count(*) FROM certifications) AS certifications,
            (SELECT count(*) FROM outcome_events) AS events`,
  );
  const row = rows[0];
  return {
    users: Number(row?.users),
    certifications: Number(row?.certifications),
    events: Number(row?.events),
  };
}
