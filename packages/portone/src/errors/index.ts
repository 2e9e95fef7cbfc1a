export { PortOneAuthError } from "./auth-error";
export {
  type PortOneInvalidResponseCode,
  PortOneInvalidResponseError,
} from "./invalid-response-error";
export { PortOneNotFoundError } from "./not-found-error";
export { PortOneError, type PortOneErrorDetails } from "./portone-error";
export { PortOneRateLimitError } from "./rate-limit-error";
export { PortOneRejectedError } from "./rejected-error";
export { type PortOneTransientCode, PortOneTransientError } from "./transient-error";
