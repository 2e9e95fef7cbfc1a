import { setTimeout as sleep } from "node:timers/promises";
import { IamportNotFoundError, IamportRateLimitError } from "@cert/iamport";
import { isBreakerOpen, type ProviderBreaker } from "./provider-breaker";

/** The provider call the processor needs; `IamportClient` implements it. */
export interface CertificationSource<C> {
  getCertification(impUid: string): Promise<C>;
}

/**
 * What one provider call ended in, for the provider-call metrics; `rate_limited` is a 429,
 * `short_circuited` means the open breaker answered instead of the provider.
 */
export type ProviderCallResult = "ok" | "not_found" | "rate_limited" | "error" | "short_circuited";

function resultOf(err: unknown): ProviderCallResult {
  if (err instanceof IamportNotFoundError) return "not_found";
  if (err instanceof IamportRateLimitError) return "rate_limited";
  return isBreakerOpen(err) ? "short_circuited" : "error";
}

export interface FetchOptions<C> {
  readonly source: CertificationSource<C>;
  readonly breaker: ProviderBreaker;
  /** Pause before the confirming re-fetch of a 404, ms. */
  readonly notFoundRecheckDelayMs: number;
  /** After every call, with how long it took (breaker included), in seconds. */
  readonly onProviderCall?: (result: ProviderCallResult, durationSeconds: number) => void;
}

/**
 * Fetches the certification through the circuit breaker. A 404 is fetched once more after a
 * short pause before it counts: right after a person finishes, the record may not be readable
 * yet, and `not_found` is final. Returns null when both fetches said not found.
 *
 * @throws whatever the provider call or the open breaker throws (see retry-policy.ts).
 */
export async function fetchCertification<C>(
  impUid: string,
  options: FetchOptions<C>,
): Promise<C | null> {
  const call = async () => {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const certification = await options.breaker.execute(() =>
        options.source.getCertification(impUid),
      );
      options.onProviderCall?.("ok", seconds());
      return certification;
    } catch (err) {
      options.onProviderCall?.(resultOf(err), seconds());
      throw err;
    }
  };
  try {
    return await call();
  } catch (err) {
    if (!(err instanceof IamportNotFoundError)) throw err;
  }
  await sleep(options.notFoundRecheckDelayMs);
  try {
    return await call();
  } catch (err) {
    if (err instanceof IamportNotFoundError) return null;
    throw err;
  }
}
