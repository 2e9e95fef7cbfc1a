export { untrustedForwardedForWarning } from "./forwarded-for-warning";
export {
  BadRequestError,
  ForbiddenError,
  HttpError,
  InternalError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
  ServiceUnavailableError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
} from "./http-errors";
export { jsonErrorHandler, notFoundHandler, sendJsonError, toHttpError } from "./json-errors";
export {
  createRateLimiter,
  type RateLimiterOptions,
  type RedisCaller,
  type RedisPipeline,
} from "./rate-limit";
export { apiSecurityHeaders, htmlSecurityHeaders } from "./security-headers";
