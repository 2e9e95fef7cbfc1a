import { setTimeout as sleep } from "node:timers/promises";
import { isBreakerOpen, type ProviderBreaker } from "./provider-breaker";
import { providerErrorKind } from "./provider-errors";
import type { SourceAnswer, VerificationSource } from "./verification-source";

/**
 * What one provider call ended in, for the provider-call metrics; `rate_limited` is a 429,
 * `short_circuited` means the open breaker answered instead of the provider.
 */
export type ProviderCallResult = "ok" | "not_found" | "rate_limited" | "error" | "short_circuited";

function resultOf(err: unknown): ProviderCallResult {
  if (providerErrorKind(err)?.kind === "rate_limited") return "rate_limited";
  return isBreakerOpen(err) ? "short_circuited" : "error";
}

export interface FetchOptions {
  readonly source: VerificationSource;
  /** The breaker of `source`'s provider. */
  readonly breaker: ProviderBreaker;
  /** Pause before the confirming re-fetch of a 404, ms. */
  readonly notFoundRecheckDelayMs: number;
  /** After every call, with how long it took (breaker included), in seconds. */
  readonly onProviderCall?: (result: ProviderCallResult, durationSeconds: number) => void;
}

/**
 * Fetches a verification through its provider's circuit breaker. A not-found answer is fetched
 * once more after a short pause before it counts: right after a person finishes, the record may
 * not be readable yet, and `not_found` is final.
 *
 * @throws whatever the provider call or the open breaker throws (see retry-policy.ts).
 */
export async function fetchVerification(id: string, options: FetchOptions): Promise<SourceAnswer> {
  const call = async () => {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const answer = await options.breaker.execute(() => options.source.fetch(id));
      options.onProviderCall?.(answer.kind === "not_found" ? "not_found" : "ok", seconds());
      return answer;
    } catch (err) {
      options.onProviderCall?.(resultOf(err), seconds());
      throw err;
    }
  };
  const first = await call();
  if (first.kind !== "not_found") return first;
  await sleep(options.notFoundRecheckDelayMs);
  return call();
}
