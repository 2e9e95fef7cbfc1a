import { SandboxInputError } from "./errors";
import { parseFaults, type SandboxFaults } from "./faults";
import type { StartSandboxOptions } from "./start-sandbox";

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Environment variables of `apps/sandbox` (blank counts as unset). Fault defaults are those of
 * {@link SandboxFaults}: no latency, no faults, 30-minute tokens, no skew.
 */
export const SANDBOX_FAULT_VARIABLES = {
  SANDBOX_LATENCY_MS: "latencyMs",
  SANDBOX_JITTER_MS: "jitterMs",
  SANDBOX_ERROR_RATE: "errorRate",
  SANDBOX_RATE_429: "rate429",
  SANDBOX_RETRY_AFTER_SECONDS: "retryAfterSeconds",
  SANDBOX_CODE200_RATE: "code200Rate",
  SANDBOX_DROP_RATE: "dropRate",
  SANDBOX_TOKEN_TTL_SECONDS: "tokenTtlSeconds",
  SANDBOX_SKEW_SECONDS: "skewSeconds",
  SANDBOX_WRONG_KEY: "wrongKey",
} as const satisfies Record<string, keyof SandboxFaults>;

function parseVariable(name: string, text: string): number | boolean | null {
  if (name === "SANDBOX_WRONG_KEY") {
    if (text === "true" || text === "1") return true;
    if (text === "false" || text === "0") return false;
    throw new SandboxInputError(`${name} must be true or false`);
  }
  if (name === "SANDBOX_RETRY_AFTER_SECONDS" && text === "none") return null;
  const number = Number(text);
  if (!Number.isFinite(number)) throw new SandboxInputError(`${name} must be a number`);
  return number;
}

/** The per-run faults set by `SANDBOX_*` variables; a bad value names its variable. */
export function faultsFromEnv(env: Env = process.env): SandboxFaults {
  const partial: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(SANDBOX_FAULT_VARIABLES)) {
    const text = env[name]?.trim();
    if (text) partial[field] = parseVariable(name, text);
  }
  try {
    return parseFaults(partial);
  } catch (error) {
    if (!(error instanceof SandboxInputError)) throw error;
    const field = error.message.split(" ")[1] ?? "";
    const variable = Object.entries(SANDBOX_FAULT_VARIABLES).find(([, f]) => f === field)?.[0];
    throw new SandboxInputError(variable ? `${variable}: ${error.message}` : error.message);
  }
}

/**
 * Everything of {@link StartSandboxOptions} but the port, from the environment:
 * `SANDBOX_HOST` (default `127.0.0.1`), `SANDBOX_API_KEY` / `SANDBOX_API_SECRET` (default
 * `sandbox_key` / `sandbox_secret`), `SANDBOX_SEED` (default random) and the fault variables.
 */
export function sandboxOptionsFromEnv(env: Env = process.env): Omit<StartSandboxOptions, "port"> {
  const seedText = env.SANDBOX_SEED?.trim();
  const seed = seedText ? Number(seedText) : undefined;
  if (seed !== undefined && !Number.isInteger(seed)) {
    throw new SandboxInputError("SANDBOX_SEED must be an integer");
  }
  return {
    host: env.SANDBOX_HOST?.trim() || "127.0.0.1",
    apiKey: env.SANDBOX_API_KEY?.trim() || undefined,
    apiSecret: env.SANDBOX_API_SECRET?.trim() || undefined,
    seed,
    faults: faultsFromEnv(env),
  };
}
