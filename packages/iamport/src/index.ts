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
export {
  type TokenGrant,
  TokenManager,
  type TokenManagerOptions,
  type TokenManagerStats,
} from "./token-manager";
