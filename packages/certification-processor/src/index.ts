// The certification job processor for i'mport V1 and PortOne V2: fetch, age check, write the
// outcome; retries by error kind.
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
export type { IamportCertificationClient } from "./iamport-source";
export { type PortOneIdentityVerificationClient, recordOfVerification } from "./portone-source";
export type { BreakerState } from "./provider-breaker";
export { DEFAULT_READY_RECHECK, type ReadyRecheckSettings } from "./ready-recheck";
export type { SourceAnswer, VerificationSource } from "./verification-source";
