import { loadSandboxConfig } from "@cert/config";
import {
  CONTROL_PREFIX,
  SANDBOX_API_KEY,
  SANDBOX_API_SECRET,
  type SandboxStats,
  startSandbox,
} from "@cert/iamport-sandbox";
import { request } from "undici";
import type { CleanupStack } from "./cleanup-stack";
import type { ProviderCalls } from "./summary-table";

/** The i'mport endpoint the worker is pointed at, and how to count its calls. */
export interface ProviderSource {
  readonly apiUrl: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly source: string;
  /** Calls since the run started; null when the provider has no sandbox control API. */
  calls(): Promise<ProviderCalls | null>;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads `/__sandbox/stats` of a sandbox running elsewhere; null when it is not one. */
async function remoteStats(apiUrl: string): Promise<SandboxStats | null> {
  try {
    const response = await request(`${apiUrl}${CONTROL_PREFIX}/stats`, {
      headersTimeout: 3000,
      bodyTimeout: 3000,
    });
    if (response.statusCode !== 200) {
      await response.body.dump();
      return null;
    }
    return (await response.body.json()) as SandboxStats;
  } catch {
    return null;
  }
}

function difference(after: SandboxStats, before: SandboxStats | null): ProviderCalls {
  return {
    certificationFetches: after.certificationCalls - (before?.certificationCalls ?? 0),
    tokenFetches: after.getTokenCalls - (before?.getTokenCalls ?? 0),
  };
}

/**
 * `IAMPORT_API_URL` when set (with `IAMPORT_API_KEY`/`IAMPORT_API_SECRET`, else the sandbox's
 * default credentials); its calls are counted when it is a sandbox. Otherwise the sandbox runs
 * in this process on a free port (or `SANDBOX_PORT` when set), with faults from the
 * `SANDBOX_*` variables, so `SANDBOX_LATENCY_MS=200 npm run demo` shows a slow provider.
 */
export async function resolveProvider(env: Env, cleanup: CleanupStack): Promise<ProviderSource> {
  const configured = env.IAMPORT_API_URL?.trim();
  if (configured) {
    const apiUrl = configured.replace(/\/+$/, "");
    const before = await remoteStats(apiUrl);
    return {
      apiUrl,
      apiKey: env.IAMPORT_API_KEY?.trim() || SANDBOX_API_KEY,
      apiSecret: env.IAMPORT_API_SECRET?.trim() || SANDBOX_API_SECRET,
      source: "IAMPORT_API_URL",
      calls: async () => {
        const after = before && (await remoteStats(apiUrl));
        return after ? difference(after, before) : null;
      },
    };
  }
  const options = loadSandboxConfig(env).sandbox;
  const port = env.SANDBOX_PORT?.trim() ? Number(env.SANDBOX_PORT) : 0;
  const sandbox = await startSandbox({ ...options, port });
  cleanup.add("i'mport sandbox", () => sandbox.close());
  return {
    apiUrl: sandbox.url,
    apiKey: options.apiKey ?? SANDBOX_API_KEY,
    apiSecret: options.apiSecret ?? SANDBOX_API_SECRET,
    source: "i'mport sandbox (in this process)",
    calls: async () => difference(sandbox.stats(), null),
  };
}
