export { type Certification, parseCertification } from "./certification";
export {
  IamportAuthError,
  IamportError,
  type IamportErrorDetails,
  IamportInvalidResponseError,
  IamportNotFoundError,
  IamportRateLimitError,
  IamportTransientError,
  type InvalidResponseCode,
  type TransientCode,
} from "./errors";
export { IamportClient, type IamportClientOptions } from "./iamport-client";
// The provider-request deadline, shared with the PortOne V2 client (see its comment for why it
// is hand-made).
export { RequestDeadline } from "./request-deadline";
export { retryAfterMs } from "./retry-after";
export {
  type TokenGrant,
  TokenManager,
  type TokenManagerOptions,
  type TokenManagerStats,
} from "./token-manager";
