import autocannon from "autocannon";
import { ImpUidBatch } from "./imp-uids";

export interface AutocannonOptions {
  /** Base URL of the server. */
  url: string;
  /** The intake route. Default `/certifications` (V1); `/identity-verifications` for V2. */
  path?: string;
  /** Concurrent connections (closed loop: each sends its next request when answered). */
  connections: number;
  /** Run this long, in seconds... */
  durationSeconds?: number;
  /** ...or until this many requests were answered. */
  amount?: number;
  /** Builds each request's JSON body (called once per request, so ids can be unique). */
  body: () => string;
}

export interface AutocannonSummary {
  /** 2xx answers per second over the run. */
  requestsPerSecond: number;
  ok: number;
  non2xx: number;
  errors: number;
  /** Latency percentiles, ms (autocannon's histogram). */
  latencyP50: number;
  latencyP99: number;
  durationSeconds: number;
}

/** `POST /certifications` (or `options.path`) under autocannon with a fresh body per request. */
export async function postCertifications(options: AutocannonOptions): Promise<AutocannonSummary> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    ...(options.amount === undefined
      ? { duration: options.durationSeconds ?? 10 }
      : { amount: options.amount }),
    requests: [
      {
        method: "POST",
        path: options.path ?? "/certifications",
        headers: { "content-type": "application/json" },
        setupRequest: (request) => ({ ...request, body: options.body() }),
      },
    ],
  });
  const ok = result["2xx"];
  return {
    requestsPerSecond: ok / result.duration,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
    durationSeconds: result.duration,
  };
}

/**
 * `POST /certifications` for `durationSeconds` with a fresh imp_uid per request, so every POST is
 * a first submission (the intake scenarios' load).
 */
export function postFreshImpUids(
  url: string,
  connections: number,
  durationSeconds: number,
): Promise<AutocannonSummary> {
  const batch = new ImpUidBatch();
  return postCertifications({
    url,
    connections,
    durationSeconds,
    body: () => `{"imp_uid":"${batch.next()}"}`,
  });
}
