import { existsSync } from "node:fs";
import { join } from "node:path";
import { SANDBOX_V2_SECRET } from "@cert/iamport-sandbox";
import { generateKeys } from "@cert/pii";
import { freePort, repoRoot } from "@cert/testing/local";
import { launchNode, type NodeProcess } from "./node-process";

/** The sandbox's default credentials (`SANDBOX_API_KEY` / `SANDBOX_API_SECRET` of the package). */
export const SANDBOX_KEY = "sandbox_key";
export const SANDBOX_SECRET = "sandbox_secret";

/** Where one scenario's processes meet: its database, Redis keys and stream. */
export interface Deployment {
  databaseUrl: string;
  redisUrl: string;
  sandboxUrl: string;
  /** `QUEUE_PREFIX`: a fresh one per deployment, so scenarios never see each other's jobs. */
  queuePrefix: string;
  /** `OUTCOME_STREAM`. */
  outcomeStream: string;
}

export interface HttpProcess {
  process: NodeProcess;
  url: string;
}

export type BaselineName = "hello-app" | "bare-queue-app" | "noop-worker" | "naive-app";

/** Starts the production apps (built `dist/main.js`) and the bench's own baseline processes. */
export class Launcher {
  private readonly root = repoRoot();
  /** Personal-data keys of this bench run, the same for every app; never printed. */
  private readonly piiKeys: Record<string, string> = { ...generateKeys() };

  constructor(
    private readonly logDir: string,
    /** `LOG_LEVEL` for the apps (production default `info`). */
    private readonly logLevel: string,
    /** `RATE_LIMIT_PER_MINUTE` for the API: the bench is one client, production limits are per client. */
    private readonly rateLimitPerMinute: number,
    /**
     * Run the apps from TypeScript source through tsx instead of their `dist/main.js` builds.
     * For development only (start-up differs, and the build is what production runs). Default false.
     */
    private readonly fromSource = false,
  ) {}

  /** Node flags and script that run an app: its build, or its source through tsx. */
  private appCommand(
    app: "api" | "worker",
    nodeArgs: string[] = [],
  ): { script: string; nodeArgs: string[] } {
    if (this.fromSource) {
      return {
        script: join(this.root, "apps", app, "src", "main.ts"),
        nodeArgs: [...nodeArgs, "--import", "tsx"],
      };
    }
    const script = join(this.root, "apps", app, "dist", "main.js");
    if (!existsSync(script)) throw new Error(`${script} is missing: run \`npm run build\` first`);
    return { script, nodeArgs };
  }

  private benchScript(name: string): string {
    return join(this.root, "bench", "dist", `${name}.js`);
  }

  private commonEnv(d: Deployment): Record<string, string> {
    return {
      DATABASE_URL: d.databaseUrl,
      REDIS_URL: d.redisUrl,
      QUEUE_PREFIX: d.queuePrefix,
      OUTCOME_STREAM: d.outcomeStream,
      LOG_LEVEL: this.logLevel,
      ...this.piiKeys,
    };
  }

  async startApi(
    d: Deployment,
    options: { name?: string; nodeArgs?: string[]; env?: Record<string, string> } = {},
  ): Promise<HttpProcess> {
    const port = await freePort();
    const process = await launchNode({
      name: options.name ?? "api",
      ...this.appCommand("api", options.nodeArgs),
      logDir: this.logDir,
      env: {
        ...this.commonEnv(d),
        PORT: String(port),
        RATE_LIMIT_PER_MINUTE: String(this.rateLimitPerMinute),
        ...options.env,
      },
    });
    return { process, url: `http://127.0.0.1:${port}` };
  }

  startWorker(
    d: Deployment,
    options: {
      concurrency: number;
      name?: string;
      nodeArgs?: string[];
      env?: Record<string, string>;
    },
  ): Promise<NodeProcess> {
    return launchNode({
      name: options.name ?? "worker",
      ...this.appCommand("worker", options.nodeArgs),
      logDir: this.logDir,
      env: {
        ...this.commonEnv(d),
        IAMPORT_API_URL: d.sandboxUrl,
        IAMPORT_API_KEY: SANDBOX_KEY,
        IAMPORT_API_SECRET: SANDBOX_SECRET,
        // The sandbox serves PortOne V2 beside V1.
        PORTONE_API_URL: d.sandboxUrl,
        PORTONE_API_SECRET: SANDBOX_V2_SECRET,
        WORKER_CONCURRENCY: String(options.concurrency),
        ...options.env,
      },
    });
  }

  async startSandbox(): Promise<HttpProcess> {
    const port = await freePort();
    const process = await launchNode({
      name: "sandbox",
      script: this.benchScript("sandbox-server"),
      logDir: this.logDir,
      readiness: "ipc",
      env: { PORT: String(port), LOG_LEVEL: "warn" },
    });
    return { process, url: `http://127.0.0.1:${port}` };
  }

  /** An HTTP baseline (hello, bare queue, naive handler) on a free port. */
  async startHttpBaseline(
    name: Exclude<BaselineName, "noop-worker">,
    d: Deployment,
  ): Promise<HttpProcess> {
    const port = await freePort();
    const process = await launchNode({
      name,
      script: this.benchScript(`baselines/${name}`),
      logDir: this.logDir,
      readiness: "ipc",
      env: {
        ...this.commonEnv(d),
        PORT: String(port),
        IAMPORT_API_URL: d.sandboxUrl,
        IAMPORT_API_KEY: SANDBOX_KEY,
        IAMPORT_API_SECRET: SANDBOX_SECRET,
      },
    });
    return { process, url: `http://127.0.0.1:${port}` };
  }

  /** The no-op BullMQ worker; with `publishStream` it XADDs one entry per job. */
  startNoopWorker(
    d: Deployment,
    options: { concurrency: number; publishStream?: string },
  ): Promise<NodeProcess> {
    return launchNode({
      name: "noop-worker",
      script: this.benchScript("baselines/noop-worker"),
      logDir: this.logDir,
      readiness: "ipc",
      env: {
        ...this.commonEnv(d),
        WORKER_CONCURRENCY: String(options.concurrency),
        ...(options.publishStream ? { PUBLISH_STREAM: options.publishStream } : {}),
      },
    });
  }
}
