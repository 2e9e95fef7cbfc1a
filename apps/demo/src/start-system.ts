import { randomBytes } from "node:crypto";
import type { DemoConfig } from "@cert/config";
import { migrate } from "@cert/db";
import { generateKeys } from "@cert/pii";
import { freePort } from "@cert/testing/local";
import { type AppName, type AppProcess, startAppProcess } from "./app-process";
import type { CleanupStack } from "./cleanup-stack";
import { resolveInfrastructure } from "./infrastructure";
import { type ProviderSource, resolveProvider } from "./provider-source";
import { deleteRunKeys } from "./redis-keys";
import { runNames } from "./run-names";

type Env = Readonly<Record<string, string | undefined>>;

export interface StartSystemOptions {
  readonly env: Env;
  readonly config: DemoConfig;
  readonly root: string;
  /** Run the apps from TypeScript source through tsx (tests). Default false. */
  readonly fromSource: boolean;
  /** Makes this run's names unique on a shared Redis. */
  readonly runStamp: string;
  /** Progress messages for the person watching. */
  readonly say: (line: string) => void;
}

/** Everything the batch needs to know about the running system. */
export interface RunningSystem {
  readonly apiOrigin: string;
  readonly dashboardUrl: string;
  readonly adminToken: string;
  readonly redisUrl: string;
  readonly outcomeStream: string;
  readonly provider: ProviderSource;
  readonly apps: readonly AppProcess[];
}

/** The demo posts far faster than one real client would; the limit is not what it shows. */
const DEMO_RATE_LIMIT_PER_MINUTE = "1000000";

/**
 * The keys that encrypt and index personal data: the ones configured, else fresh ones for this
 * run (a demo database holds only sandbox people). Passed to the apps only, never printed.
 */
function personalDataKeys(env: Env): Record<string, string> {
  if (env.PII_ENCRYPTION_KEYS?.trim() && env.PII_HMAC_KEY?.trim()) return {};
  return { ...generateKeys() };
}

/**
 * Brings up the whole system as production runs it: Postgres, Redis and the provider (each
 * configured or started), migrations, then the API and the worker as separate processes
 * configured only by environment. Everything started is registered on `cleanup`.
 */
export async function startSystem(
  options: StartSystemOptions,
  cleanup: CleanupStack,
): Promise<RunningSystem> {
  const { env, config, say } = options;
  const infra = await resolveInfrastructure(
    { DATABASE_URL: config.databaseUrl, REDIS_URL: config.redisUrl },
    cleanup,
  );
  say(`postgres: ${infra.sources.postgres}`);
  say(`redis:    ${infra.sources.redis}`);
  const provider = await resolveProvider(env, cleanup);
  say(`i'mport:  ${provider.source} at ${provider.apiUrl}`);
  say(`PortOne:  ${provider.portone.apiUrl}`);
  const { applied } = await migrate(infra.databaseUrl);
  say(`migrations: ${applied} applied`);

  const names = runNames(env, config, infra.redisShared, options.runStamp);
  say(`queue prefix: ${names.queuePrefix}, outcome stream: ${names.outcomeStream}`);
  cleanup.add("run keys in redis", () => deleteRunKeys(infra.redisUrl, names.owned));

  const port = env.PORT?.trim() ? config.port : await freePort();
  const adminToken = config.adminToken ?? randomBytes(24).toString("base64url");
  const shared = {
    ...env,
    ...personalDataKeys(env),
    NODE_ENV: env.NODE_ENV ?? "production",
    DATABASE_URL: infra.databaseUrl,
    REDIS_URL: infra.redisUrl,
    QUEUE_PREFIX: names.queuePrefix,
    // Apps log their "ready" line at info and the demo waits for it, so nothing quieter than
    // info; their output is shown only when one fails, so it costs nothing on screen.
    LOG_LEVEL: env.LOG_LEVEL === "debug" || env.LOG_LEVEL === "trace" ? env.LOG_LEVEL : "info",
    // The ready line is detected in JSON output.
    LOG_PRETTY: "false",
  };
  const envs: Record<AppName, NodeJS.ProcessEnv> = {
    api: {
      ...shared,
      PORT: String(port),
      ADMIN_TOKEN: adminToken,
      RATE_LIMIT_PER_MINUTE: env.RATE_LIMIT_PER_MINUTE ?? DEMO_RATE_LIMIT_PER_MINUTE,
    },
    worker: {
      ...shared,
      IAMPORT_API_URL: provider.apiUrl,
      IAMPORT_API_KEY: provider.apiKey,
      IAMPORT_API_SECRET: provider.apiSecret,
      PORTONE_API_URL: provider.portone.apiUrl,
      PORTONE_API_SECRET: provider.portone.apiSecret,
      ...(provider.portone.storeId ? { PORTONE_STORE_ID: provider.portone.storeId } : {}),
      OUTCOME_STREAM: names.outcomeStream,
    },
  };
  const apps: AppProcess[] = [];
  const started = await Promise.allSettled(
    (["api", "worker"] as const).map(async (name) => {
      const app = await startAppProcess(name, {
        root: options.root,
        env: envs[name],
        fromSource: options.fromSource,
      });
      apps.push(app);
      cleanup.add(`${name} process`, () => app.stop());
      return app;
    }),
  );
  const failed = started.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) throw failed.reason;
  say(
    `api and worker ready (${options.fromSource ? "from source" : "built"}), API on port ${port}`,
  );
  return {
    apiOrigin: `http://127.0.0.1:${port}`,
    dashboardUrl: `http://127.0.0.1:${port}/admin/queues`,
    adminToken,
    redisUrl: infra.redisUrl,
    outcomeStream: names.outcomeStream,
    provider,
    apps,
  };
}
