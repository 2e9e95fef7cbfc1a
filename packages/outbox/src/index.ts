// The transactional outbox of outcome events: what an event is (id, type, payload), how it is
// written with its result (group commit), and how it reaches the Redis Stream (the relay).
export { StreamPublishError } from "./errors";
export { eventIdFor, OUTCOME_EVENT_NAMESPACE } from "./event-id";
export { OUTBOX_DEFAULTS } from "./outbox-defaults";
export { createOutboxRelay, type OutboxRelay, type OutboxRelayOptions } from "./outbox-relay";
export {
  OUTCOME_EVENT_TYPE,
  type OutcomePayload,
  outcomeEntryFor,
  outcomePayloadFor,
} from "./outcome-event";
export {
  createOutcomeWriter,
  type OutcomeWriter,
  type OutcomeWriterOptions,
} from "./outcome-writer";
export { type PublishableEvent, publishBatch, type StreamTarget } from "./publish-batch";
export {
  type ClaimOptions,
  claimUnpublishedEvents,
  type OutboxEvent,
  releaseEventClaims,
} from "./queries/claim-events";
export { markEventsPublished } from "./queries/mark-events-published";
export { writeOutcome, writeOutcomes } from "./write-outcomes";
