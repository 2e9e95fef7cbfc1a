import type { TransportFailure } from "@cert/provider-http";
import { PortOneInvalidResponseError, PortOneTransientError } from "./errors";

/** A request that got no usable answer, as the PortOne client's own typed error. */
export function portoneTransportError(
  failure: TransportFailure,
  identityVerificationId?: string,
): Error {
  if (failure.kind === "too_large") {
    return new PortOneInvalidResponseError("too_large", { identityVerificationId });
  }
  return new PortOneTransientError(failure.kind, {
    identityVerificationId,
    reason: failure.reason,
    cause: failure.cause,
  });
}
