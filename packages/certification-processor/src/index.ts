// The certification job processor: fetch, age check, write the outcome; retries by error class.
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
export type { FailureCode } from "./failure-codes";
export type { ProviderCallResult } from "./fetch-certification";
export type { BreakerState } from "./provider-breaker";
