// The transactional outbox of outcome events: what an event is (id, type, payload), how it is
// written with its result (group commit), and how it reaches the Redis Stream (the relay).
export { type EraseUserResult, type Erasure, eraseUser, eraseUsers } from "./erase-users";
export { eventIdFor } from "./event-id";
export { createOutboxRelay, type OutboxRelay, type OutboxRelayOptions } from "./outbox-relay";
export {
  createOutcomeWriter,
  type OutcomeWriter,
  type OutcomeWriterOptions,
} from "./outcome-writer";
export { outboxLagSeconds } from "./queries/outbox-lag";
export {
  type RetentionSweepOptions,
  type RetentionSweepResult,
  sweepRetention,
} from "./retention-sweep";
export {
  USER_ERASED_EVENT_TYPE,
  type UserErasedPayload,
  userErasedEventId,
} from "./user-erased-event";
export { writeOutcome, writeOutcomes } from "./write-outcomes";
