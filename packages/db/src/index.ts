export { DbError, type DbErrorCode, toDbError } from "./errors";
export { eventIdFor, OUTCOME_EVENT_NAMESPACE, uuidV5 } from "./event-id";
export { type DbLogger, silentLogger } from "./logger";
export { MIGRATION_LOCK_KEY, type MigrateOptions, type MigrateResult, migrate } from "./migrate";
export { findMigrationsFolder } from "./migrations-folder";
export { outcomePayloadFor } from "./outcome-payload";
export {
  createPersistBatcher,
  type PersistBatcher,
  type PersistBatcherOptions,
} from "./persist-batcher";
export { type CreatePoolOptions, createPool } from "./pool";
export {
  type ClaimOptions,
  claimUnpublishedEvents,
  releaseEventClaims,
} from "./queries/claim-unpublished-events";
export {
  type CertificationStatus,
  findCertificationStatus,
} from "./queries/find-certification-status";
export { markEventsPublished } from "./queries/mark-events-published";
export {
  type PersistBatchResult,
  type PersistOptions,
  type PersistResult,
  persistCheckResult,
  persistCheckResults,
  type WrittenEvent,
} from "./queries/persist-check-results";
export * as schema from "./schema";
export { certifications, outcomeEvents, users } from "./schema";
export type {
  CertificationRecord,
  CheckResult,
  OutboxEvent,
  OutcomePayload,
  Queryable,
  StoredAgeRule,
  StoredOutcome,
} from "./types";
