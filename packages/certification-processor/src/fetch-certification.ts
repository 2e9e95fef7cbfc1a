import { setTimeout as sleep } from "node:timers/promises";
import { isBreakerOpen, type ProviderBreaker } from "./provider-breaker";
import type { SourceAnswer, VerificationSource } from "./verification-source";

/**
 * What one provider call ended in, for the provider-call counter; `short_circuited` means the
 * open breaker answered instead of the provider.
 */
export type ProviderCallResult = "ok" | "not_found" | "error" | "short_circuited";

export interface FetchOptions {
  readonly source: VerificationSource;
  /** The breaker of `source`'s provider. */
  readonly breaker: ProviderBreaker;
  /** Pause before the confirming re-fetch of a 404, ms. */
  readonly notFoundRecheckDelayMs: number;
  readonly onProviderCall?: (result: ProviderCallResult) => void;
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
    try {
      const answer = await options.breaker.execute(() => options.source.fetch(id));
      options.onProviderCall?.(answer.kind === "not_found" ? "not_found" : "ok");
      return answer;
    } catch (err) {
      options.onProviderCall?.(isBreakerOpen(err) ? "short_circuited" : "error");
      throw err;
    }
  };
  const first = await call();
  if (first.kind !== "not_found") return first;
  await sleep(options.notFoundRecheckDelayMs);
  return call();
}
