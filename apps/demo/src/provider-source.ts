import { loadSandboxConfig } from "@cert/config";
import {
  CONTROL_PREFIX,
  SANDBOX_API_KEY,
  SANDBOX_API_SECRET,
  SANDBOX_V2_SECRET,
  type SandboxStats,
  startSandbox,
} from "@cert/iamport-sandbox";
import { request } from "undici";
import type { CleanupStack } from "./cleanup-stack";
import type { ProviderCalls } from "./summary-table";

/** The i'mport and PortOne endpoints the worker is pointed at, and how to count their calls. */
export interface ProviderSource {
  readonly apiUrl: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  /** PortOne V2: the sandbox serves it beside V1, so the same server unless configured. */
  readonly portone: {
    readonly apiUrl: string;
    readonly apiSecret: string;
    readonly storeId: string | undefined;
  };
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
    identityVerificationFetches:
      after.identityVerificationCalls - (before?.identityVerificationCalls ?? 0),
  };
}

const trimmed = (value: string | undefined) => value?.trim() || undefined;

/**
 * `IAMPORT_API_URL` when set (with `IAMPORT_API_KEY`/`IAMPORT_API_SECRET`, else the sandbox's
 * default credentials); its calls are counted when it is a sandbox. PortOne V2 goes to
 * `PORTONE_API_URL` (with `PORTONE_API_SECRET`), else to the same server with the sandbox's
 * default V2 secret. Without `IAMPORT_API_URL` the sandbox runs in this process, serving both
 * providers, on a free port (or `SANDBOX_PORT` when set), with faults from the `SANDBOX_*`
 * variables, so `SANDBOX_LATENCY_MS=200 npm run demo` shows a slow provider.
 */
export async function resolveProvider(env: Env, cleanup: CleanupStack): Promise<ProviderSource> {
  const configured = env.IAMPORT_API_URL?.trim();
  if (configured) {
    const apiUrl = configured.replace(/\/+$/, "");
    const v2Url = (trimmed(env.PORTONE_API_URL) ?? apiUrl).replace(/\/+$/, "");
    const before = await remoteStats(apiUrl);
    const v2Before = v2Url === apiUrl ? before : await remoteStats(v2Url);
    return {
      apiUrl,
      apiKey: trimmed(env.IAMPORT_API_KEY) ?? SANDBOX_API_KEY,
      apiSecret: trimmed(env.IAMPORT_API_SECRET) ?? SANDBOX_API_SECRET,
      portone: {
        apiUrl: v2Url,
        apiSecret: trimmed(env.PORTONE_API_SECRET) ?? SANDBOX_V2_SECRET,
        storeId: trimmed(env.PORTONE_STORE_ID),
      },
      source: "IAMPORT_API_URL",
      // Each provider's calls as its own server counted them; null unless both are sandboxes.
      calls: async () => {
        const after = before && (await remoteStats(apiUrl));
        const v2After = v2Url === apiUrl ? after : v2Before && (await remoteStats(v2Url));
        if (!after || !v2After) return null;
        const { identityVerificationFetches } = difference(v2After, v2Before);
        return { ...difference(after, before), identityVerificationFetches };
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
    // The worker must name the store the sandbox was told to accept, if any.
    portone: {
      apiUrl: sandbox.url,
      apiSecret: options.v2Secret ?? SANDBOX_V2_SECRET,
      storeId: options.storeId,
    },
    source: "i'mport and PortOne V2 sandbox (in this process)",
    calls: async () => difference(sandbox.stats(), null),
  };
}
