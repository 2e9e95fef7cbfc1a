export { DbError, type DbErrorCode, toDbError } from "./errors";
export type { DbLogger } from "./logger";
export { type MigrateOptions, type MigrateResult, migrate } from "./migrate";
export { findMigrationsFolder } from "./migrations-folder";
export {
  assertNoPiiBacklog,
  assertNoPiiBacklogAtStart,
  type ConvertOptions,
  convertPiiBacklog,
  countPiiBacklog,
  PiiBacklogError,
} from "./pii/conversion-backlog";
export { type RotateOptions, type RotationProgress, rotatePiiKeys } from "./pii/key-rotation";
export { type CreatePoolOptions, createPool } from "./pool";
export {
  type CertificationStatus,
  findCertificationStatus,
} from "./queries/find-certification-status";
export {
  type CheckResultEntry,
  impUidOf,
  type PersistBatchResult,
  type PersistOptions,
  type PersistResult,
  persistCheckResults,
  personKeyOf,
  type WrittenEvent,
} from "./queries/persist-check-results";
export { createScratchDatabase, type ScratchDatabase } from "./scratch-database";
export type {
  CertificationRecord,
  CheckResult,
  Queryable,
  StoredAgeRule,
  StoredOutcome,
  StoredProvider,
} from "./types";
