/**
 * The channel migration 0001_outbox_notify NOTIFYs after each outcome_events insert, with the
 * new id as payload. A relay LISTENs to wake at once instead of waiting for its next poll; it
 * must still poll, since notifications sent while it is disconnected are lost.
 */
export const OUTCOME_EVENTS_CHANNEL = "outcome_events";
