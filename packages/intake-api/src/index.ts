export { bodyParserErrors, DEFAULT_BODY_LIMIT_BYTES, intakeBodyParser } from "./body-parsing";
export { createStatusLookup, type StatusBody, type StatusLookup } from "./certification-status";
export { closeHttpServer } from "./close-http-server";
export { createIntakeApp, type IntakeAppConfig, type IntakeAppOptions } from "./create-intake-app";
export { createEnqueue, type Enqueue, type EnqueueResult } from "./enqueue";
export {
  BadRequestError,
  HttpError,
  InternalError,
  InvalidImpUidError,
  jsonErrorHandler,
  NotFoundError,
  notFoundHandler,
  PayloadTooLargeError,
  RateLimitedError,
  ServiceUnavailableError,
  toHttpError,
  UnsupportedMediaTypeError,
} from "./errors";
export { createExpressServer } from "./express-server";
export { LeasedRateStore, type LeasedRateStoreOptions } from "./leased-rate-store";
export { createIntakeMetrics, type IntakeMetrics, metricsHandler } from "./metrics";
export { type PublicStatus, safeErrorCode, toPublicStatus } from "./public-status";
export { createRateLimiter, type RateLimiterOptions } from "./rate-limit";
export type { RedisCommands } from "./redis-commands";
export type { PingableRedis } from "./routes/health";
export { apiSecurityHeaderWriter, htmlSecurityHeaders } from "./security-headers";
export { type BatchRunner, tickBatcher } from "./tick-batcher";
export { TimeoutError, withTimeout } from "./with-timeout";
