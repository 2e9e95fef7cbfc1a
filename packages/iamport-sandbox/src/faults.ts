import { SandboxInputError } from "./errors";

/**
 * Faults applied to every provider request of a run (`PUT /__sandbox/faults`, `setFaults()`,
 * or `SANDBOX_*` variables in apps/sandbox). Rates are probabilities in [0, 1] drawn per request;
 * at most one of drop / 5xx / 429 / code-200 happens to a request, so their sum must be <= 1.
 */
export interface SandboxFaults {
  /** Delay added to every provider response, ms. Default 0. */
  readonly latencyMs: number;
  /** Extra random delay, uniform in [0, jitterMs], ms. Default 0. */
  readonly jitterMs: number;
  /** Share of requests answered HTTP 500 with a `code: -1` envelope. Default 0. */
  readonly errorRate: number;
  /** Share of requests answered HTTP 429. Default 0. */
  readonly rate429: number;
  /** `Retry-After` seconds sent with 429; null sends none. Default 1. */
  readonly retryAfterSeconds: number | null;
  /** Share of requests answered HTTP 200 with `code: 1` and `response: null`. Default 0. */
  readonly code200Rate: number;
  /** Share of requests whose socket is destroyed without an answer. Default 0. */
  readonly dropRate: number;
  /** Lifetime of newly issued tokens, seconds. Default 1800 (the provider's 30 minutes). */
  readonly tokenTtlSeconds: number;
  /** Offset of the provider clock (`now`, `expired_at`) from the real one, seconds. Default 0. */
  readonly skewSeconds: number;
  /** When true, getToken rejects even the right key and secret with 401. Default false. */
  readonly wrongKey: boolean;
}

export const DEFAULT_FAULTS: SandboxFaults = Object.freeze({
  latencyMs: 0,
  jitterMs: 0,
  errorRate: 0,
  rate429: 0,
  retryAfterSeconds: 1,
  code200Rate: 0,
  dropRate: 0,
  tokenTtlSeconds: 1800,
  skewSeconds: 0,
  wrongKey: false,
});

type NumberField = Exclude<keyof SandboxFaults, "wrongKey" | "retryAfterSeconds">;
const RANGES: Record<NumberField, readonly [number, number]> = {
  latencyMs: [0, 600_000],
  jitterMs: [0, 600_000],
  errorRate: [0, 1],
  rate429: [0, 1],
  code200Rate: [0, 1],
  dropRate: [0, 1],
  tokenTtlSeconds: [1, 86_400],
  skewSeconds: [-86_400 * 365, 86_400 * 365],
};

function checkNumber(key: string, value: unknown, [min, max]: readonly [number, number]): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw new SandboxInputError(`fault ${key} must be a number in [${min}, ${max}]`);
  }
  return value;
}

/** Validates a partial fault set and completes it from `base` (unknown keys are rejected). */
export function parseFaults(input: unknown, base: SandboxFaults = DEFAULT_FAULTS): SandboxFaults {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new SandboxInputError("faults must be a JSON object");
  }
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(input)) {
    if (key === "wrongKey") {
      if (typeof value !== "boolean")
        throw new SandboxInputError("fault wrongKey must be a boolean");
      result[key] = value;
    } else if (key === "retryAfterSeconds") {
      result[key] = value === null ? null : checkNumber(key, value, [0, 86_400]);
    } else if (key in RANGES) {
      result[key] = checkNumber(key, value, RANGES[key as NumberField]);
    } else {
      throw new SandboxInputError(`unknown fault ${key}`);
    }
  }
  const faults = result as unknown as SandboxFaults;
  if (faults.dropRate + faults.errorRate + faults.rate429 + faults.code200Rate > 1) {
    throw new SandboxInputError("dropRate + errorRate + rate429 + code200Rate must be <= 1");
  }
  return Object.freeze(faults);
}

/** One request's fault, from `X-Sandbox-Fault`, a per-imp_uid rule or a per-run draw. */
export interface FaultSpec {
  /** Answer with this HTTP status (4xx/5xx) and a `code: -1` envelope. */
  readonly status?: number;
  /** With `status`: an HTML error page instead of the envelope, as a proxy would send. */
  readonly html?: boolean;
  /** Destroy the socket without answering. */
  readonly drop?: boolean;
  /** Answer HTTP 200 with this non-zero `code` and `response: null`. */
  readonly code?: number;
  /** Extra delay before answering, ms. */
  readonly latencyMs?: number;
  /** `Retry-After` seconds for a 429 (else the run's `retryAfterSeconds`). */
  readonly retryAfterSeconds?: number;
}

/**
 * Parses the fault grammar shared by `X-Sandbox-Fault` and per-imp_uid rules: comma-separated
 * tokens `500` (any 4xx/5xx status), `429`, `drop`, `code1` or `code=N`, `latency=MS`, `html`,
 * `retry-after=S`. Example: `latency=200,503`.
 */
export function parseFaultSpec(text: string): FaultSpec {
  const spec: { -readonly [K in keyof FaultSpec]: FaultSpec[K] } = {};
  for (const raw of text.split(",")) {
    const token = raw.trim().toLowerCase();
    const [name = "", value] = token.split("=");
    const number = Number(value);
    if (/^[45]\d\d$/.test(token)) spec.status = Number(token);
    else if (token === "drop") spec.drop = true;
    else if (token === "html") spec.html = true;
    else if (/^code-?\d+$/.test(token)) spec.code = Number(token.slice(4));
    else if (name === "code" && Number.isInteger(number) && number !== 0) spec.code = number;
    else if (name === "latency" && Number.isInteger(number) && number >= 0) spec.latencyMs = number;
    else if (name === "retry-after" && Number.isInteger(number) && number >= 0) {
      spec.retryAfterSeconds = number;
    } else throw new SandboxInputError(`unknown fault token ${JSON.stringify(raw.trim())}`);
  }
  if (spec.code === 0) throw new SandboxInputError("fault code must not be 0");
  return spec;
}

/** Draws this request's per-run fault; null when the request is answered normally. */
export function drawRunFault(faults: SandboxFaults, random: () => number): FaultSpec | null {
  const jitter = faults.jitterMs > 0 ? Math.floor(random() * (faults.jitterMs + 1)) : 0;
  const latencyMs = faults.latencyMs + jitter;
  // One roll against cumulative thresholds, so at most one fault hits a request.
  const roll = random();
  const outcomes: readonly [number, FaultSpec][] = [
    [faults.dropRate, { drop: true }],
    [faults.errorRate, { status: 500 }],
    [faults.rate429, { status: 429 }],
    [faults.code200Rate, { code: 1 }],
  ];
  let threshold = 0;
  let outcome: FaultSpec | null = null;
  for (const [rate, spec] of outcomes) {
    threshold += rate;
    if (roll < threshold) {
      outcome = spec;
      break;
    }
  }
  if (outcome === null && latencyMs === 0) return null;
  return { ...outcome, ...(latencyMs > 0 ? { latencyMs } : {}) };
}
