export {
  PortOneAuthError,
  PortOneError,
  type PortOneErrorDetails,
  type PortOneInvalidResponseCode,
  PortOneInvalidResponseError,
  PortOneNotFoundError,
  PortOneRateLimitError,
  PortOneRejectedError,
  type PortOneTransientCode,
  PortOneTransientError,
} from "./errors";
export {
  type IdentityVerification,
  parseIdentityVerification,
  type VerifiedCustomer,
} from "./identity-verification";
export {
  IdentityVerificationClient,
  type IdentityVerificationClientOptions,
} from "./identity-verification-client";
