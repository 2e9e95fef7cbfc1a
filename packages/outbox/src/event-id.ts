import { parse as parseUuid, v5 as uuidV5 } from "uuid";

/**
 * Namespace of outcome event ids. Fixed forever: changing it would give already-published
 * events new ids and defeat consumers' deduplication.
 */
export const OUTCOME_EVENT_NAMESPACE = "0b3c8a3e-5d0f-4f4e-9c59-6f2f6a1c7d21";

/** Parsed once: every job computes an event id. */
const NAMESPACE_BYTES = parseUuid(OUTCOME_EVENT_NAMESPACE);

/**
 * The `event_id` of the outcome event for `impUid`: a UUIDv5 of the imp_uid in
 * {@link OUTCOME_EVENT_NAMESPACE}. It depends on the imp_uid alone, so every replay and every
 * re-publication carries the same id and consumers can deduplicate on it; it reveals nothing
 * beyond what the imp_uid does.
 */
export function eventIdFor(impUid: string): string {
  return uuidV5(impUid, NAMESPACE_BYTES);
}
