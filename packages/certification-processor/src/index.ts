export {
  type CertificationJobResult,
  type CertificationProcessor,
  type CertificationProcessorOptions,
  createCertificationProcessor,
  type ProcessorHooks,
} from "./certification-processor";
export {
  type CertificationWorker,
  type CertificationWorkerOptions,
  createCertificationWorker,
} from "./certification-worker";
export { type AgeSettings, buildCheckResult } from "./check-result";
export { InvalidJobDataError, RetryableJobError } from "./errors";
export { FAILURE_CODES, type FailureCode } from "./failure-codes";
export {
  type CertificationSource,
  fetchCertification,
  type ProviderCallResult,
} from "./fetch-certification";
export {
  type BreakerState,
  createProviderBreaker,
  isBreakerOpen,
  type ProviderBreaker,
} from "./provider-breaker";
export {
  decideRetry,
  enactRetryDecision,
  isProviderOutage,
  MAX_RATE_LIMIT_MS,
  MIN_RATE_LIMIT_MS,
  type RateLimiter,
  type RetryDecision,
} from "./retry-policy";
