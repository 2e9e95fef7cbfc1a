import { randomBytes } from "node:crypto";
import { SANDBOX_API_KEY, SANDBOX_API_SECRET, SANDBOX_V2_SECRET } from "@cert/iamport-sandbox";
import { freePort, type SpawnedApp, spawnApp, uniquePrefix } from "@cert/testing";

type Env = Record<string, string | undefined>;

export interface PipelineOptions {
  /** Database the apps use (already migrated). */
  databaseUrl: string;
  /** Redis the apps use (`REDIS_URL`), unless `redisEnv` names another topology. */
  redisUrl: string;
  /** Redis topology variables (e.g. `REDIS_CLUSTER_NODES`) used instead of `REDIS_URL`. */
  redisEnv?: Env;
  /** Write the queue prefix as a hash tag, `{...}`, as the apps use it on a cluster. Default false. */
  hashTagQueuePrefix?: boolean;
  /** Base URL of the i'mport sandbox (`IAMPORT_API_URL`). */
  sandboxUrl: string;
  /** Worker processes started at once. Default 2. */
  workers?: number;
  /** `WORKER_CONCURRENCY` of each worker. Default 20. */
  workerConcurrency?: number;
  /** Extra variables for the API process. Default none. */
  apiEnv?: Env;
  /** Extra variables for every worker process. Default none. */
  workerEnv?: Env;
  /** Stem of the queue prefix and stream name. Default `e2e`. */
  label?: string;
}

/** The system as production runs it: one API and N workers, separate processes. */
export interface PipelineSystem {
  readonly apiUrl: string;
  readonly queuePrefix: string;
  readonly outcomeStream: string;
  readonly adminToken: string;
  readonly api: SpawnedApp;
  /** Workers currently meant to be running, in start order. */
  readonly workers: SpawnedApp[];
  /** Starts one more worker (e.g. after killing one) and adds it to `workers`. */
  startWorker(): Promise<SpawnedApp>;
  /** Starts a new API process on the same port (after `api` was stopped). */
  restartApi(): Promise<SpawnedApp>;
  /** Every line every process of this system wrote, killed and stopped ones included. */
  allLines(): string[];
  /** Stops every process still running (SIGTERM, then SIGKILL). */
  stop(): Promise<void>;
}

/** Cold `tsx` starts on a busy 2-core machine are slow; readiness is what is awaited. */
const READY_TIMEOUT_MS = 90_000;

/**
 * Spawns the API and the workers with the environment production uses, pointed at
 * the given servers and sandbox, with a queue prefix and outcome stream of their own. Logs are
 * JSON at `info`, so tests can read them.
 */
export async function startPipeline(options: PipelineOptions): Promise<PipelineSystem> {
  const stem = uniquePrefix(options.label ?? "e2e");
  const queuePrefix = options.hashTagQueuePrefix ? `{${stem}-q}` : `${stem}-q`;
  const outcomeStream = `${stem}-outcomes`;
  const adminToken = randomBytes(24).toString("hex");
  const port = await freePort();
  const common: Env = {
    DATABASE_URL: options.databaseUrl,
    ...(options.redisEnv ?? { REDIS_URL: options.redisUrl }),
    QUEUE_PREFIX: queuePrefix,
    LOG_LEVEL: "info",
    LOG_PRETTY: "false",
  };
  const apiEnv: Env = {
    ...common,
    PORT: String(port),
    ADMIN_TOKEN: adminToken,
    // Tests post from one address far faster than a person would.
    RATE_LIMIT_PER_MINUTE: "1000000",
    STATUS_RATE_LIMIT_PER_MINUTE: "1000000",
    ...options.apiEnv,
  };
  const workerEnv: Env = {
    ...common,
    IAMPORT_API_URL: options.sandboxUrl,
    IAMPORT_API_KEY: SANDBOX_API_KEY,
    IAMPORT_API_SECRET: SANDBOX_API_SECRET,
    PORTONE_API_URL: options.sandboxUrl,
    PORTONE_API_SECRET: SANDBOX_V2_SECRET,
    PORTONE_READY_TIMEOUT_MS: "3000",
    OUTCOME_STREAM: outcomeStream,
    WORKER_CONCURRENCY: String(options.workerConcurrency ?? 20),
    ...options.workerEnv,
  };

  const everyApp: SpawnedApp[] = [];
  const workers: SpawnedApp[] = [];
  const spawnTracked = async (name: "api" | "worker", env: Env) => {
    const app = await spawnApp(name, { env, readyTimeoutMs: READY_TIMEOUT_MS });
    everyApp.push(app);
    // A crash is the likeliest cause of a failing test: say so, with the process's last words.
    app.child.once("exit", (code, signal) => {
      if (signal === "SIGKILL" || signal === "SIGTERM" || code === 0) return;
      console.error(`[${name}] exited (${code ?? signal}):\n${app.lines.slice(-30).join("\n")}`);
    });
    return app;
  };
  const startWorker = async () => {
    const worker = await spawnTracked("worker", workerEnv);
    workers.push(worker);
    return worker;
  };

  const stopAll = () => Promise.allSettled(everyApp.map((app) => app.stop("SIGTERM", 15_000)));
  try {
    const [api] = await Promise.all([
      spawnTracked("api", apiEnv),
      ...Array.from({ length: options.workers ?? 2 }, () => startWorker()),
    ]);
    const system: PipelineSystem = {
      apiUrl: `http://127.0.0.1:${port}`,
      queuePrefix,
      outcomeStream,
      adminToken,
      api,
      workers,
      startWorker,
      async restartApi() {
        const next = await spawnTracked("api", apiEnv);
        (system as { api: SpawnedApp }).api = next;
        return next;
      },
      allLines: () => everyApp.flatMap((app) => app.lines),
      async stop() {
        await stopAll();
      },
    };
    return system;
  } catch (error) {
    await stopAll();
    throw error;
  }
}
