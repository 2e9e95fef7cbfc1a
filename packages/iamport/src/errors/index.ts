export { IamportAuthError } from "./auth-error";
export { IamportError, type IamportErrorDetails } from "./iamport-error";
export { IamportInvalidResponseError, type InvalidResponseCode } from "./invalid-response-error";
export { IamportNotFoundError } from "./not-found-error";
export { IamportRateLimitError } from "./rate-limit-error";
export { IamportTransientError, type TransientCode } from "./transient-error";
