import type { TransportFailure } from "@cert/provider-http";
import { IamportInvalidResponseError, IamportTransientError } from "./errors";

/** A request that got no usable answer, as the i'mport client's own typed error. */
export function iamportTransportError(failure: TransportFailure, impUid?: string): Error {
  if (failure.kind === "too_large") return new IamportInvalidResponseError("too_large", { impUid });
  return new IamportTransientError(failure.kind, {
    impUid,
    reason: failure.reason,
    cause: failure.cause,
  });
}
