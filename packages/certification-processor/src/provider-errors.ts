import {
  IamportAuthError,
  IamportError,
  IamportInvalidResponseError,
  IamportRateLimitError,
  IamportTransientError,
} from "@cert/iamport";
import {
  PortOneAuthError,
  PortOneError,
  PortOneInvalidResponseError,
  PortOneRateLimitError,
  PortOneTransientError,
} from "@cert/portone";

/**
 * What a provider error means for the retry policy, whichever provider threw it. The one place
 * that knows both clients' error classes: the policy decides on the kind alone.
 * - `rate_limited`: 429, wait `retryAfterMs`;
 * - `auth`: key, secret or access refused, permanent until an operator acts;
 * - `invalid_response`: an answer the service cannot use (`retryable` when it may be a cut
 *   connection's or a proxy's doing);
 * - `outage`: 5xx, timeout, dropped connection: the provider is down (the breaker counts these);
 * - `rejected`: any other refusal; `retryable` tells whether the same call can succeed later.
 */
export type ProviderErrorKind =
  | { readonly kind: "rate_limited"; readonly retryAfterMs: number }
  | { readonly kind: "auth" }
  | { readonly kind: "invalid_response"; readonly retryable: boolean }
  | { readonly kind: "outage" }
  | { readonly kind: "rejected"; readonly retryable: boolean };

/** The kind of a provider client's error; undefined for anything else. */
export function providerErrorKind(err: unknown): ProviderErrorKind | undefined {
  if (err instanceof IamportRateLimitError || err instanceof PortOneRateLimitError) {
    return { kind: "rate_limited", retryAfterMs: err.retryAfterMs };
  }
  if (err instanceof IamportAuthError || err instanceof PortOneAuthError) return { kind: "auth" };
  if (err instanceof IamportInvalidResponseError || err instanceof PortOneInvalidResponseError) {
    return { kind: "invalid_response", retryable: err.retryable };
  }
  if (err instanceof IamportTransientError || err instanceof PortOneTransientError) {
    return { kind: "outage" };
  }
  if (err instanceof IamportError || err instanceof PortOneError) {
    return { kind: "rejected", retryable: err.retryable };
  }
  return undefined;
}

/** True for errors that mean "the provider is down": the only ones the circuit breaker counts. */
export function isProviderOutage(err: unknown): boolean {
  return providerErrorKind(err)?.kind === "outage";
}
