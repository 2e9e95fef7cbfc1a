export { StreamPublishError } from "./errors";
export { OUTCOME_EVENT_TYPE } from "./event-type";
export { createOutboxRelay, type OutboxRelay, type OutboxRelayOptions } from "./outbox-relay";
export {
  type PublishableEvent,
  type PublishResult,
  publishBatch,
  type StreamTarget,
} from "./publish-batch";
