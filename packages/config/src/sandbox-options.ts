import type { Parsed } from "./parse-env";
import { variables as v } from "./variables";

/**
 * The sandbox's variables and their mapping to its start options, shared by the sandbox's own
 * loader and the demo's (which starts a sandbox unless IAMPORT_API_URL is set).
 */

export const sandbox = {
  SANDBOX_HOST: v.SANDBOX_HOST,
  SANDBOX_API_KEY: v.SANDBOX_API_KEY,
  SANDBOX_API_SECRET: v.SANDBOX_API_SECRET,
  SANDBOX_V2_SECRET: v.SANDBOX_V2_SECRET,
  SANDBOX_STORE_ID: v.SANDBOX_STORE_ID,
  SANDBOX_SEED: v.SANDBOX_SEED,
  SANDBOX_LATENCY_MS: v.SANDBOX_LATENCY_MS,
  SANDBOX_JITTER_MS: v.SANDBOX_JITTER_MS,
  SANDBOX_ERROR_RATE: v.SANDBOX_ERROR_RATE,
  SANDBOX_RATE_429: v.SANDBOX_RATE_429,
  SANDBOX_RETRY_AFTER_SECONDS: v.SANDBOX_RETRY_AFTER_SECONDS,
  SANDBOX_CODE200_RATE: v.SANDBOX_CODE200_RATE,
  SANDBOX_DROP_RATE: v.SANDBOX_DROP_RATE,
  SANDBOX_TOKEN_TTL_SECONDS: v.SANDBOX_TOKEN_TTL_SECONDS,
  SANDBOX_SKEW_SECONDS: v.SANDBOX_SKEW_SECONDS,
  SANDBOX_WRONG_KEY: v.SANDBOX_WRONG_KEY,
};

/** Drops unset entries, so the sandbox applies its own defaults to them. */
function definedOnly<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}

/** The sandbox's start options (`StartSandboxOptions` of @cert/iamport-sandbox, port aside). */
export function toSandbox(e: Parsed<typeof sandbox>) {
  return {
    host: e.SANDBOX_HOST,
    apiKey: e.SANDBOX_API_KEY,
    apiSecret: e.SANDBOX_API_SECRET,
    v2Secret: e.SANDBOX_V2_SECRET,
    storeId: e.SANDBOX_STORE_ID,
    seed: e.SANDBOX_SEED,
    faults: definedOnly({
      latencyMs: e.SANDBOX_LATENCY_MS,
      jitterMs: e.SANDBOX_JITTER_MS,
      errorRate: e.SANDBOX_ERROR_RATE,
      rate429: e.SANDBOX_RATE_429,
      retryAfterSeconds: e.SANDBOX_RETRY_AFTER_SECONDS,
      code200Rate: e.SANDBOX_CODE200_RATE,
      dropRate: e.SANDBOX_DROP_RATE,
      tokenTtlSeconds: e.SANDBOX_TOKEN_TTL_SECONDS,
      skewSeconds: e.SANDBOX_SKEW_SECONDS,
      wrongKey: e.SANDBOX_WRONG_KEY,
    }),
  };
}
