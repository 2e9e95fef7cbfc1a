export {
  addCertificationJob,
  CERTIFICATION_JOB_NAME,
  CERTIFICATION_QUEUE,
  type CertificationJob,
  type CertificationJobData,
  type CertificationQueue,
  type CertificationQueueOptions,
  createCertificationQueue,
  type LegacyCertificationJobData,
} from "./certification-queue";
export {
  InvalidIdentityVerificationIdError,
  InvalidImpUidError,
  type InvalidVerificationIdError,
} from "./errors";
export { IMP_UID_MAX_LENGTH, IMP_UID_PATTERN, isImpUid } from "./imp-uid";
export {
  BACKOFF_JITTER,
  DEFAULT_JOB_OPTIONS_CONFIG,
  defaultJobOptions,
  type JobOptionsConfig,
} from "./job-options";
export { confirmJobReplicated, connectionOf, pingQueuePrimary } from "./queue-primary";
export {
  type CertificationJobState,
  createSubmitter,
  type Submission,
  type SubmitCertification,
} from "./submit-certification";
export {
  IDENTITY_VERIFICATION_ID_PATTERN,
  invalidIdError,
  isIdentityVerificationId,
  isVerificationId,
  jobIdFor,
  PROVIDERS,
  type Provider,
  type VerificationRef,
} from "./verification-id";
