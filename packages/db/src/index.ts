export * as schema from "./schema";
export { certifications, outcomeEvents, users } from "./schema";
export { type CreatePoolOptions, createPool } from "./pool";
export { MIGRATION_LOCK_KEY, type MigrateOptions, type MigrateResult, migrate } from "./migrate";
export { findMigrationsFolder } from "./migrations-folder";
export { DbError, type DbErrorCode, toDbError } from "./errors";
export { type DbLogger, silentLogger } from "./logger";
export { eventIdFor, OUTCOME_EVENT_NAMESPACE, uuidV5 } from "./event-id";
export { outcomePayloadFor } from "./outcome-payload";
export { OUTCOME_EVENTS_CHANNEL } from "./notify-channel";
export { type PersistResult, persistCheckResult } from "./queries/persist-check-result";
export {
  type ClaimOptions,
  claimUnpublishedEvents,
  releaseEventClaims,
} from "./queries/claim-unpublished-events";
export { markEventsPublished } from "./queries/mark-events-published";
export {
  type CertificationStatus,
  findCertificationStatus,
} from "./queries/find-certification-status";
export type {
  CertificationRecord,
  CheckResult,
  OutboxEvent,
  OutcomePayload,
  Queryable,
  StoredAgeRule,
  StoredOutcome,
} from "./types";
